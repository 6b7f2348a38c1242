package dev.switchboard.fakes;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI Responses shapes: a {@code reasoning} item (summary, reasoning text and, as Ollama does,
 * plaintext {@code encrypted_content}) before the {@code message} item, and the typical event order.
 */
final class FakeModelResponsesApi implements FakeModelApi {

  @Override
  public Buffer body(String reasoning, String text) {
    return response("completed", new JsonArray().add(reasoningItem(reasoning)).add(messageItem(text)), usage()).toBuffer();
  }

  @Override
  public FakeModelStream stream(String reasoning, List<String> pieces) {
    String text = String.join("", pieces);
    List<String> frames = new ArrayList<>();
    frames.add(frame(frames.size(), "response.created", new JsonObject().put("response", response("in_progress", new JsonArray(), null))));
    frames.add(frame(frames.size(), "response.in_progress", new JsonObject().put("response", response("in_progress", new JsonArray(), null))));
    frames.add(frame(frames.size(), "response.output_item.added", new JsonObject().put("output_index", 0)
        .put("item", reasoningItem("").put("summary", new JsonArray()))));
    int firstToken = frames.size();
    frames.add(frame(frames.size(), "response.reasoning_summary_text.delta", new JsonObject().put("item_id", "rs_fake")
        .put("output_index", 0).put("summary_index", 0).put("delta", reasoning)));
    frames.add(frame(frames.size(), "response.reasoning_text.delta", new JsonObject().put("item_id", "rs_fake")
        .put("output_index", 0).put("content_index", 0).put("delta", reasoning)));
    frames.add(frame(frames.size(), "response.output_item.done", new JsonObject().put("output_index", 0).put("item", reasoningItem(reasoning))));
    frames.add(frame(frames.size(), "response.output_item.added", new JsonObject().put("output_index", 1)
        .put("item", messageItem(text).put("content", new JsonArray()).put("status", "in_progress"))));
    frames.add(frame(frames.size(), "response.content_part.added", part(new JsonObject().put("type", "output_text").put("text", ""))));
    int firstText = frames.size();
    for (String delta : pieces) {
      frames.add(frame(frames.size(), "response.output_text.delta", textEvent().put("delta", delta)));
    }
    frames.add(frame(frames.size(), "response.output_text.done", textEvent().put("text", text)));
    frames.add(frame(frames.size(), "response.content_part.done", part(new JsonObject().put("type", "output_text").put("text", text))));
    frames.add(frame(frames.size(), "response.output_item.done", new JsonObject().put("output_index", 1).put("item", messageItem(text))));
    int terminal = frames.size();
    frames.add(frame(frames.size(), "response.completed", new JsonObject().put("response", new JsonObject(body(reasoning, text)))));
    return new FakeModelStream(frames, firstToken, firstText, terminal);
  }

  @Override
  public String failedEvent(String code) {
    return frame(0, "response.failed", new JsonObject().put("response", new JsonObject(failedBody(code))));
  }

  @Override
  public Buffer failedBody(String code) {
    return response("failed", new JsonArray(), null)
        .put("error", new JsonObject().put("code", code).put("message", "The fake model failed (" + code + ")."))
        .toBuffer();
  }

  @Override
  public Buffer errorBody(FakeModelError error) {
    return error.openAiBody().toBuffer();
  }

  private static String frame(int sequence, String type, JsonObject event) {
    return FakeModelStream.event(type, new JsonObject().put("type", type).put("sequence_number", sequence)
        .mergeIn(event).encode());
  }

  private static JsonObject response(String status, JsonArray output, JsonObject usage) {
    return new JsonObject().put("id", "resp_fake").put("object", "response").put("created_at", 1_700_000_000)
        .put("status", status).putNull("error").putNull("incomplete_details").putNull("instructions")
        .put("model", FakeModelServer.MODEL_ID).put("output", output).put("parallel_tool_calls", true)
        .put("tool_choice", "auto").put("tools", new JsonArray()).put("temperature", 1.0).put("top_p", 1.0)
        .put("metadata", new JsonObject()).put("store", false).put("usage", usage);
  }

  private static JsonObject usage() {
    return new JsonObject().put("input_tokens", FakeModelServer.INPUT_TOKENS)
        .put("input_tokens_details", new JsonObject().put("cached_tokens", 0))
        .put("output_tokens", FakeModelServer.OUTPUT_TOKENS)
        .put("output_tokens_details", new JsonObject().put("reasoning_tokens", 5))
        .put("total_tokens", FakeModelServer.INPUT_TOKENS + FakeModelServer.OUTPUT_TOKENS);
  }

  private static JsonObject reasoningItem(String reasoning) {
    return new JsonObject().put("type", "reasoning").put("id", "rs_fake")
        .put("summary", new JsonArray().add(new JsonObject().put("type", "summary_text").put("text", reasoning)))
        .put("content", new JsonArray().add(new JsonObject().put("type", "reasoning_text").put("text", reasoning)))
        .put("encrypted_content", reasoning);
  }

  private static JsonObject messageItem(String text) {
    return new JsonObject().put("type", "message").put("id", "msg_fake").put("role", "assistant")
        .put("status", "completed").put("content", new JsonArray().add(new JsonObject().put("type", "output_text")
            .put("text", text).put("annotations", new JsonArray()).put("logprobs", new JsonArray())));
  }

  private static JsonObject textEvent() {
    return new JsonObject().put("item_id", "msg_fake").put("output_index", 1).put("content_index", 0);
  }

  private static JsonObject part(JsonObject part) {
    return textEvent().put("part", part);
  }
}
