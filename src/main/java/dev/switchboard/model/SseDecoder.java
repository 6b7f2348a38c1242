package dev.switchboard.model;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;

import java.nio.charset.StandardCharsets;

/**
 * Decodes a {@code text/event-stream} body fed chunk by chunk, as the HTML Living Standard defines
 * it: lines end with {@code \n} or {@code \r\n}; an empty line dispatches the event; several
 * {@code data:} lines are joined with {@code \n}; lines starting with {@code :} are comments; an
 * event still open when the body ends is discarded. Splitting on {@code \n} keeps multi-byte UTF-8
 * characters whole.
 */
public final class SseDecoder implements Handler<Buffer> {

  /** Longest line accepted: a terminal Responses event repeats the whole answer in one line. */
  public static final int DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

  private final RecordParser lines;
  private final Handler<SseEvent> events;
  private final StringBuilder data = new StringBuilder();
  private String name;
  private boolean hasData;

  public SseDecoder(Handler<SseEvent> events) {
    this(events, DEFAULT_MAX_LINE_BYTES);
  }

  public SseDecoder(Handler<SseEvent> events, int maxLineBytes) {
    this.events = events;
    this.lines = RecordParser.newDelimited("\n", this::onLine).maxRecordSize(maxLineBytes);
  }

  /** Feeds one chunk of the body; complete events are handed on synchronously. */
  @Override
  public void handle(Buffer chunk) {
    lines.handle(chunk);
  }

  private void onLine(Buffer raw) {
    int length = raw.length();
    if (length > 0 && raw.getByte(length - 1) == '\r') {
      length--;
    }
    if (length == 0) {
      dispatch();
      return;
    }
    String line = raw.getString(0, length, StandardCharsets.UTF_8.name());
    if (line.charAt(0) == ':') {
      return;
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    int valueStart = colon < 0 ? line.length() : colon + 1;
    if (valueStart < line.length() && line.charAt(valueStart) == ' ') {
      valueStart++;
    }
    String value = line.substring(valueStart);
    if (field.equals("data")) {
      if (hasData) {
        data.append('\n');
      }
      data.append(value);
      hasData = true;
    } else if (field.equals("event")) {
      name = value;
    }
    // id and retry only matter for reconnecting EventSource clients; a model call never reconnects.
  }

  private void dispatch() {
    if (hasData) {
      SseEvent event = new SseEvent(name, data.toString());
      data.setLength(0);
      hasData = false;
      name = null;
      events.handle(event);
    } else {
      name = null;
    }
  }
}
