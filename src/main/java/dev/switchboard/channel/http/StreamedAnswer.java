package dev.switchboard.channel.http;

import dev.switchboard.bus.AnswerPiece;
import dev.switchboard.bus.AskReply;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Consumer;

/**
 * One answer streamed to an HTTP client: the pieces of the final text come as the model writes them
 * (from the gateway instance's own chain, or over the bus from the router), then the reply. Nothing
 * is written until the first piece, so a turn that fails before any text (every model down, a bad
 * request) still gets its HTTP status; after it, a failure ends the stream with the API's error event. By the first piece
 * the chain has stopped failing over, so the head and every frame name the model that piece names,
 * as the answer without streaming does: a fallback, with the primary in the fallback header.
 */
final class StreamedAnswer {

  private final HttpServerResponse response;
  private final AnswerEvents events;
  private final Consumer<ApiError> failedBeforeText;
  private final StringBuilder shown = new StringBuilder();
  private boolean done;

  /**
   * @param failedBeforeText answers an error that came before any text, with its HTTP status
   */
  StreamedAnswer(RoutingContext ctx, AnswerEvents events, Consumer<ApiError> failedBeforeText) {
    this.response = ctx.response();
    this.events = events;
    this.failedBeforeText = failedBeforeText;
    // A client that hangs up gets nothing more; the turn still ends (and is counted) on its own. The
    // request's end handlers, not the response's close handler, which would replace the one they use.
    ctx.addEndHandler(ended -> done = true);
  }

  void completed(AskReply reply) {
    if (done) {
      return;
    }
    String text = reply.text() == null ? "" : reply.text();
    // Pieces still on their way (or a router that does not stream) arrive here as the rest of the text.
    if (text.length() > shown.length() && text.startsWith(shown.toString())) {
      piece(new AnswerPiece(text.substring(shown.length()), reply.model(), reply.fallbackFrom()));
    }
    if (shown.isEmpty()) {
      write(openingFrames(reply.model(), reply.fallbackFrom()));
    }
    write(events.completed(reply, shown.toString()));
    response.end();
    done = true;
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
    done = true;
  }

  /** A piece of the answer's text, in order: written at once (the first with the stream's opening frames). */
  void piece(AnswerPiece piece) {
    String text = piece.text();
    if (done || text.isEmpty()) {
      return;
    }
    // A router of an earlier version (a rolling upgrade) sends pieces without their model.
    String model = piece.model() != null ? piece.model() : OpenAiApi.CHAIN_MODEL;
    String frames = shown.isEmpty()
        ? openingFrames(model, piece.fallbackFrom()) + events.delta(text) : events.delta(text);
    shown.append(text);
    write(frames);
  }

  private String openingFrames(String model, String fallbackFrom) {
    response.setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
    if (fallbackFrom != null) {
      response.putHeader(OpenAiApi.FALLBACK_FROM_HEADER, fallbackFrom);
    }
    return events.opening(model);
  }

  private void write(String frames) {
    if (!response.closed()) {
      response.write(frames);
    }
  }

}
