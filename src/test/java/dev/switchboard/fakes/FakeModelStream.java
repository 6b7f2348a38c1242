package dev.switchboard.fakes;

import io.vertx.core.buffer.Buffer;

import java.util.List;

/**
 * The server-sent events of one streamed answer, with the two places a misbehaving backend cuts it:
 * before the first generated token, and before the terminal event.
 *
 * @param firstToken index of the first frame carrying a token (text or reasoning)
 * @param firstText  index of the first frame carrying a piece of the text; the others follow it
 * @param terminal   index of the frame that completes the answer
 */
record FakeModelStream(List<String> frames, int firstToken, int firstText, int terminal) {

  Buffer range(int from, int to) {
    Buffer buffer = Buffer.buffer();
    for (int i = from; i < to; i++) {
      buffer.appendString(frames.get(i));
    }
    return buffer;
  }

  Buffer all() {
    return range(0, frames.size());
  }

  static String event(String name, String json) {
    return "event: " + name + "\ndata: " + json + "\n\n";
  }

  static String data(String json) {
    return "data: " + json + "\n\n";
  }

  /** The text in two deltas, so clients must join them; never splits a surrogate pair. */
  static List<String> deltas(String text) {
    if (text.length() < 2) {
      return text.isEmpty() ? List.of() : List.of(text);
    }
    int middle = text.length() / 2;
    if (Character.isHighSurrogate(text.charAt(middle - 1))) {
      middle++;
    }
    return middle >= text.length() ? List.of(text) : List.of(text.substring(0, middle), text.substring(middle));
  }
}
