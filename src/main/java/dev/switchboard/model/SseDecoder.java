package dev.switchboard.model;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a {@code text/event-stream} body fed chunk by chunk, as the HTML Living Standard defines
 * it: lines end with {@code \n} or {@code \r\n}; an empty line dispatches the event; several
 * {@code data:} lines are joined with {@code \n}; lines starting with {@code :} are comments; an
 * event still open when the body ends is discarded. Splitting on {@code \n} keeps multi-byte UTF-8
 * characters whole.
 *
 * <p>Lines are read in place in the chunk's bytes: only a line cut by the end of a chunk is copied
 * again, and only the value of a field is decoded to a string. A streamed answer is dozens of small events per
 * turn, so copying each line several times (as a general record parser does) was most of what the
 * bridge allocated per streamed turn, and so of its GC pauses (DESIGN.md §15).
 */
public final class SseDecoder implements Handler<Buffer> {

  /** Longest line accepted: a terminal Responses event repeats the whole answer in one line. */
  public static final int DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

  private static final VarHandle EIGHT_BYTES = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  private final Handler<SseEvent> events;
  private final int maxLineBytes;
  /** The start of a line the last chunk did not end, or null. */
  private Buffer unfinished;
  /** The event's only data line, until a second one makes {@link #moreData} necessary. */
  private String data;
  private StringBuilder moreData;
  private String name;

  public SseDecoder(Handler<SseEvent> events) {
    this(events, DEFAULT_MAX_LINE_BYTES);
  }

  public SseDecoder(Handler<SseEvent> events, int maxLineBytes) {
    this.events = events;
    this.maxLineBytes = maxLineBytes;
  }

  /** Feeds one chunk of the body; complete events are handed on synchronously. */
  @Override
  public void handle(Buffer chunk) {
    // One copy of the chunk, then plain array reads: Buffer.getByte checks bounds and the reference
    // count on every call, which made the scan for line ends the decoder's largest cost.
    byte[] bytes = chunk.getBytes();
    int lineStart = 0;
    for (int i = nextLineEnd(bytes, 0); i >= 0; i = nextLineEnd(bytes, i + 1)) {
      if (unfinished == null) {
        onLine(bytes, lineStart, i);
      } else {
        unfinished.appendBytes(bytes, lineStart, i - lineStart);
        byte[] line = unfinished.getBytes();
        unfinished = null;
        checkLength(line.length);
        onLine(line, 0, line.length);
      }
      lineStart = i + 1;
    }
    if (lineStart < bytes.length) {
      if (unfinished == null) {
        unfinished = Buffer.buffer(bytes.length - lineStart);
      }
      unfinished.appendBytes(bytes, lineStart, bytes.length - lineStart);
      checkLength(unfinished.length());
    }
  }

  /**
   * The index of the first {@code \n} at or after {@code from}, or -1: eight bytes at a time (the
   * classic "has a zero byte" test on the bytes XOR the newline), then byte by byte for the tail.
   * The scan for line ends was the decoder's own largest cost (a quarter of decoding a streamed
   * answer); by words, the benchmark's {@code decode} part takes 21.6–21.7 µs per stream where a
   * byte-at-a-time loop took 25.2–26.7 µs.
   */
  static int nextLineEnd(byte[] bytes, int from) {
    int i = from;
    for (; i + Long.BYTES <= bytes.length; i += Long.BYTES) {
      long word = (long) EIGHT_BYTES.get(bytes, i) ^ NEWLINES;
      long zeroBytes = (word - ONES) & ~word & HIGH_BITS;
      if (zeroBytes != 0) {
        return i + (Long.numberOfTrailingZeros(zeroBytes) >>> 3);
      }
    }
    for (; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void checkLength(int lineBytes) {
    if (lineBytes > maxLineBytes) {
      throw new IllegalStateException("event stream line longer than " + maxLineBytes + " bytes");
    }
  }

  /** The line in {@code bytes} from {@code start} to {@code end} (its {@code \n} excluded). */
  private void onLine(byte[] bytes, int start, int end) {
    if (end > start && bytes[end - 1] == '\r') {
      end--;
    }
    if (end == start) {
      dispatch();
      return;
    }
    if (bytes[start] == ':') {
      return;
    }
    int colon = start;
    while (colon < end && bytes[colon] != ':') {
      colon++;
    }
    int valueStart = colon < end ? colon + 1 : end;
    if (valueStart < end && bytes[valueStart] == ' ') {
      valueStart++;
    }
    if (isField(bytes, start, colon, "data")) {
      String value = new String(bytes, valueStart, end - valueStart, StandardCharsets.UTF_8);
      if (data == null) {
        data = value;
      } else {
        if (moreData == null) {
          moreData = new StringBuilder(data);
        }
        moreData.append('\n').append(value);
      }
    } else if (isField(bytes, start, colon, "event")) {
      name = new String(bytes, valueStart, end - valueStart, StandardCharsets.UTF_8);
    }
    // id and retry only matter for reconnecting EventSource clients; a model call never reconnects.
  }

  private static boolean isField(byte[] bytes, int start, int end, String field) {
    if (end - start != field.length()) {
      return false;
    }
    for (int i = 0; i < field.length(); i++) {
      if (bytes[start + i] != field.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private void dispatch() {
    if (data != null) {
      SseEvent event = new SseEvent(name, moreData == null ? data : moreData.toString());
      data = null;
      moreData = null;
      name = null;
      events.handle(event);
    } else {
      name = null;
    }
  }
}
