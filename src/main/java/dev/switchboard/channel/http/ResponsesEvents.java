package dev.switchboard.channel.http;

import dev.switchboard.bus.AskReply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A streamed Responses answer, in the event order the official SDKs parse: {@code response.created},
 * {@code response.in_progress}, the message item and its text part added, the text deltas, then
 * their {@code .done} events and {@code response.completed} carrying the whole response (the Java
 * SDK's accumulator takes it from there). Every event has an increasing {@code sequence_number}.
 */
final class ResponsesEvents implements AnswerEvents {

  private final String responseId = "resp_" + ResponsesWire.randomId();
  private final String messageId = "msg_" + ResponsesWire.randomId();
  private final String instructions;
  private final long createdAtSeconds;
  private String model;
  private int sequence;

  ResponsesEvents(String instructions, long createdAtSeconds) {
    this.instructions = instructions;
    this.createdAtSeconds = createdAtSeconds;
  }

  @Override
  public String opening(String model) {
    this.model = model;
    JsonObject inProgress = ResponsesWire.envelope(responseId, model, instructions, createdAtSeconds)
        .put("status", "in_progress").put("output", new JsonArray());
    return frame(new JsonObject().put("type", "response.created").put("response", inProgress))
        + frame(new JsonObject().put("type", "response.in_progress").put("response", inProgress))
        + frame(new JsonObject().put("type", "response.output_item.added").put("output_index", 0)
            .put("item", ResponsesWire.message(messageId, null)))
        + frame(textEvent("response.content_part.added").put("part", ResponsesWire.outputText("")));
  }

  @Override
  public String delta(String text) {
    return frame(textEvent("response.output_text.delta").put("delta", text).put("logprobs", new JsonArray()));
  }

  @Override
  public String completed(AskReply reply, String text) {
    JsonObject response = ResponsesWire.response(reply, text, instructions, createdAtSeconds, responseId, messageId);
    return frame(textEvent("response.output_text.done").put("text", text).put("logprobs", new JsonArray()))
        + frame(textEvent("response.content_part.done").put("part", ResponsesWire.outputText(text)))
        + frame(new JsonObject().put("type", "response.output_item.done").put("output_index", 0)
            .put("item", ResponsesWire.message(messageId, text)))
        + frame(new JsonObject().put("type", "response.completed").put("response", response));
  }

  @Override
  public String failed(ApiError error) {
    JsonObject response = ResponsesWire.envelope(responseId, model, instructions, createdAtSeconds)
        .put("status", "failed").put("output", new JsonArray())
        .put("error", new JsonObject().put("code", "server_error").put("message", error.getMessage()));
    return frame(new JsonObject().put("type", "response.failed").put("response", response));
  }

  private JsonObject textEvent(String type) {
    return new JsonObject().put("type", type).put("item_id", messageId).put("output_index", 0).put("content_index", 0);
  }

  private String frame(JsonObject event) {
    event.put("sequence_number", sequence++);
    return AnswerEvents.event(event.getString("type"), event.encode());
  }
}
