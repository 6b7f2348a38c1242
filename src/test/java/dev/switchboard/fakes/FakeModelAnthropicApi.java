package dev.switchboard.fakes;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** Anthropic Messages shapes: a {@code thinking} block before the {@code text} block, pings, signatures. */
final class FakeModelAnthropicApi implements FakeModelApi {

  @Override
  public Buffer body(String reasoning, String text) {
    return message().put("content", new JsonArray()
            .add(new JsonObject().put("type", "thinking").put("thinking", reasoning).put("signature", "sig_fake"))
            .add(new JsonObject().put("type", "text").put("text", text)))
        .put("stop_reason", "end_turn")
        .put("usage", new JsonObject().put("input_tokens", FakeModelServer.INPUT_TOKENS)
            .put("output_tokens", FakeModelServer.OUTPUT_TOKENS))
        .toBuffer();
  }

  @Override
  public FakeModelStream stream(String reasoning, List<String> pieces) {
    String text = String.join("", pieces);
    List<String> frames = new ArrayList<>();
    frames.add(frame("message_start", new JsonObject().put("message", message().put("content", new JsonArray())
        .putNull("stop_reason").put("usage", new JsonObject().put("input_tokens", FakeModelServer.INPUT_TOKENS)
            .put("output_tokens", 1)))));
    frames.add(frame("content_block_start", new JsonObject().put("index", 0)
        .put("content_block", new JsonObject().put("type", "thinking").put("thinking", ""))));
    frames.add(frame("ping", new JsonObject()));
    int firstToken = frames.size();
    frames.add(delta(0, new JsonObject().put("type", "thinking_delta").put("thinking", reasoning)));
    frames.add(delta(0, new JsonObject().put("type", "signature_delta").put("signature", "sig_fake")));
    frames.add(frame("content_block_stop", new JsonObject().put("index", 0)));
    frames.add(frame("content_block_start", new JsonObject().put("index", 1)
        .put("content_block", new JsonObject().put("type", "text").put("text", ""))));
    int firstText = frames.size();
    for (String delta : pieces) {
      frames.add(delta(1, new JsonObject().put("type", "text_delta").put("text", delta)));
    }
    frames.add(frame("content_block_stop", new JsonObject().put("index", 1)));
    frames.add(frame("message_delta", new JsonObject()
        .put("delta", new JsonObject().put("stop_reason", "end_turn").putNull("stop_sequence"))
        .put("usage", new JsonObject().put("output_tokens", FakeModelServer.OUTPUT_TOKENS))));
    int terminal = frames.size();
    frames.add(frame("message_stop", new JsonObject()));
    return new FakeModelStream(frames, firstToken, firstText, terminal);
  }

  @Override
  public String failedEvent(String code) {
    return FakeModelStream.event("error", failedBody(code).toString());
  }

  @Override
  public Buffer failedBody(String code) {
    String type = "server_error".equals(code) ? "overloaded_error" : code;
    return new JsonObject().put("type", "error")
        .put("error", new JsonObject().put("type", type).put("message", "Overloaded")).toBuffer();
  }

  @Override
  public Buffer errorBody(FakeModelError error) {
    return error.anthropicBody().toBuffer();
  }

  private static String frame(String type, JsonObject event) {
    return FakeModelStream.event(type, new JsonObject().put("type", type).mergeIn(event).encode());
  }

  private static String delta(int index, JsonObject delta) {
    return frame("content_block_delta", new JsonObject().put("index", index).put("delta", delta));
  }

  private static JsonObject message() {
    return new JsonObject().put("id", "msg_fake").put("type", "message").put("role", "assistant")
        .put("model", FakeModelServer.MODEL_ID).putNull("stop_sequence");
  }
}
