package dev.switchboard.channel.http;

import dev.switchboard.bus.AskReply;
import dev.switchboard.bus.JsonWriting;

/**
 * A streamed Responses answer, in the event order the official SDKs parse: {@code response.created},
 * {@code response.in_progress}, the message item and its text part added, the text deltas, then
 * their {@code .done} events and {@code response.completed} carrying the whole response (the Java
 * SDK's accumulator takes it from there). Every event has an increasing {@code sequence_number}.
 */
final class ResponsesEvents implements AnswerEvents {

  private ResponsesWire.Head head;
  private int sequence;

  ResponsesEvents(String instructions, long createdAtSeconds) {
    this.head = ResponsesWire.Head.of(null, instructions, createdAtSeconds);
  }

  @Override
  public String opening(String model) {
    head = head.writtenBy(model);
    JsonWriting.Value inProgress = json -> {
      json.writeFieldName("response");
      ResponsesWire.unfinished(json, head, null);
    };
    return frame("response.created", inProgress)
        + frame("response.in_progress", inProgress)
        + itemFrame("response.output_item.added", null)
        + textFrame("response.content_part.added", json -> {
          json.writeFieldName("part");
          ResponsesWire.outputText(json, "");
        });
  }

  @Override
  public String delta(String text) {
    return textFrame("response.output_text.delta", json -> {
      json.writeStringField("delta", text);
      JsonWriting.emptyArray(json, "logprobs");
    });
  }

  @Override
  public String completed(AskReply reply, String text) {
    return textFrame("response.output_text.done", json -> {
      json.writeStringField("text", text);
      JsonWriting.emptyArray(json, "logprobs");
    })
        + textFrame("response.content_part.done", json -> {
          json.writeFieldName("part");
          ResponsesWire.outputText(json, text);
        })
        + itemFrame("response.output_item.done", text)
        + frame("response.completed", json -> {
          json.writeFieldName("response");
          ResponsesWire.completed(json, head.writtenBy(reply.model()), text, reply.usage());
        });
  }

  @Override
  public String failed(ApiError error) {
    return frame("response.failed", json -> {
      json.writeFieldName("response");
      ResponsesWire.unfinished(json, head, error.getMessage());
    });
  }

  /** An event carrying the message item: in progress and empty while {@code text} is null. */
  private String itemFrame(String type, String text) {
    return frame(type, json -> {
      json.writeNumberField("output_index", 0);
      json.writeFieldName("item");
      ResponsesWire.message(json, head.messageId(), text);
    });
  }

  /** An event about the message's one text part: it names the item, the output and the part. */
  private String textFrame(String type, JsonWriting.Value fields) {
    return frame(type, json -> {
      json.writeStringField("item_id", head.messageId());
      json.writeNumberField("output_index", 0);
      json.writeNumberField("content_index", 0);
      fields.write(json);
    });
  }

  private String frame(String type, JsonWriting.Value fields) {
    int number = sequence++;
    return AnswerEvents.event(type, JsonWriting.text(json -> {
      json.writeStartObject();
      json.writeStringField("type", type);
      fields.write(json);
      json.writeNumberField("sequence_number", number);
      json.writeEndObject();
    }));
  }
}
