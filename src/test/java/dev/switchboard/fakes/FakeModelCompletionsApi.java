package dev.switchboard.fakes;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Chat Completions shapes, with reasoning where local servers put it: {@code reasoning_content}
 * (LM Studio, DeepSeek, llama.cpp) and {@code reasoning} (vLLM ≥ 0.11, OpenRouter).
 */
final class FakeModelCompletionsApi implements FakeModelApi {

  @Override
  public Buffer body(String reasoning, String text) {
    JsonObject message = new JsonObject().put("role", "assistant").put("content", text)
        .put("reasoning_content", reasoning).put("reasoning", reasoning);
    return completion("chat.completion").put("choices", new JsonArray().add(new JsonObject().put("index", 0)
        .put("message", message).put("finish_reason", "stop"))).put("usage", usage()).toBuffer();
  }

  @Override
  public FakeModelStream stream(String reasoning, List<String> pieces) {
    String text = String.join("", pieces);
    List<String> frames = new ArrayList<>();
    frames.add(chunk(new JsonObject().put("role", "assistant").put("content", ""), null));
    int firstToken = frames.size();
    frames.add(chunk(new JsonObject().put("reasoning_content", reasoning), null));
    frames.add(chunk(new JsonObject().put("reasoning", reasoning), null));
    int firstText = frames.size();
    for (String delta : pieces) {
      frames.add(chunk(new JsonObject().put("content", delta), null));
    }
    int terminal = frames.size();
    frames.add(chunk(new JsonObject(), "stop"));
    frames.add(FakeModelStream.data(completion("chat.completion.chunk").put("choices", new JsonArray())
        .put("usage", usage()).encode()));
    frames.add(FakeModelStream.data("[DONE]"));
    return new FakeModelStream(frames, firstToken, firstText, terminal);
  }

  @Override
  public String failedEvent(String code) {
    return FakeModelStream.data(failedBody(code).toString());
  }

  @Override
  public Buffer failedBody(String code) {
    return new JsonObject().put("error", new JsonObject().put("message", "The fake model failed (" + code + ").")
        .put("type", code).put("code", code)).toBuffer();
  }

  @Override
  public Buffer errorBody(FakeModelError error) {
    return error.openAiBody().toBuffer();
  }

  private static String chunk(JsonObject delta, String finishReason) {
    return FakeModelStream.data(completion("chat.completion.chunk").put("choices", new JsonArray()
        .add(new JsonObject().put("index", 0).put("delta", delta).put("finish_reason", finishReason))).encode());
  }

  private static JsonObject completion(String object) {
    return new JsonObject().put("id", "chatcmpl-fake").put("object", object).put("created", 1_700_000_000)
        .put("model", FakeModelServer.MODEL_ID);
  }

  private static JsonObject usage() {
    return new JsonObject().put("prompt_tokens", FakeModelServer.INPUT_TOKENS)
        .put("completion_tokens", FakeModelServer.OUTPUT_TOKENS)
        .put("total_tokens", FakeModelServer.INPUT_TOKENS + FakeModelServer.OUTPUT_TOKENS);
  }
}
