package dev.switchboard.channel.http;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.AskReply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

import java.util.UUID;
import java.util.function.Consumer;

/**
 * One answer streamed to an HTTP client: the router sends the pieces of the final text to this
 * answer's own bus address as the model writes them, then answers the ask. Nothing is written until
 * the first piece, so a turn that fails before any text (every model down, a bad request) still gets
 * its HTTP status; after it, a failure ends the stream with the API's error event.
 */
final class StreamedAnswer {

  private final HttpServerResponse response;
  private final AnswerEvents events;
  private final Consumer<ApiError> failedBeforeText;
  private final StringBuilder shown = new StringBuilder();
  private final MessageConsumer<JsonObject> pieces;
  private boolean done;

  /**
   * @param failedBeforeText answers an error that came before any text, with its HTTP status
   */
  StreamedAnswer(Vertx vertx, HttpServerResponse response, AnswerEvents events, Consumer<ApiError> failedBeforeText) {
    this.response = response;
    this.events = events;
    this.failedBeforeText = failedBeforeText;
    this.pieces = vertx.eventBus().consumer(Addresses.answer(UUID.randomUUID().toString()),
        message -> piece(message.body().getString("text", "")));
    // A client that hangs up stops listening; the turn still ends (and is counted) on its own.
    response.closeHandler(closed -> finish());
  }

  /** The address the router sends the pieces to; listening once the returned future completes. */
  Future<String> address() {
    return pieces.completion().map(listening -> pieces.address());
  }

  void completed(AskReply reply) {
    if (done) {
      return;
    }
    String text = reply.text() == null ? "" : reply.text();
    // Pieces still on their way (or a router that does not stream) arrive here as the rest of the text.
    if (text.length() > shown.length() && text.startsWith(shown.toString())) {
      piece(text.substring(shown.length()));
    }
    if (shown.isEmpty()) {
      open();
    }
    write(events.completed(reply, shown.toString()));
    response.end();
    finish();
  }

  void failed(ApiError error) {
    if (done) {
      return;
    }
    if (response.headWritten()) {
      write(events.failed(error));
      response.end();
    } else {
      failedBeforeText.accept(error);
    }
    finish();
  }

  private void piece(String text) {
    if (done || text.isEmpty()) {
      return;
    }
    String frames = shown.isEmpty() ? openingFrames() + events.delta(text) : events.delta(text);
    shown.append(text);
    write(frames);
  }

  private void open() {
    write(openingFrames());
  }

  private String openingFrames() {
    response.setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
    return events.opening();
  }

  private void write(String frames) {
    if (!response.closed()) {
      response.write(frames);
    }
  }

  private void finish() {
    if (!done) {
      done = true;
      pieces.unregister();
    }
  }
}
