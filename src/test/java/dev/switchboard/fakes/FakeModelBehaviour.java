package dev.switchboard.fakes;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * What the fake model server does with one request, whatever the API: answer (always with
 * reasoning in the API's reasoning slot, so tests prove it never leaks), fail in one of the ways of
 * DESIGN.md §4, or misbehave on the wire. Immutable; the rendered answers are cached per API so the
 * plain reply path costs one write.
 */
public final class FakeModelBehaviour {

  /** The reasoning every answer carries; it must never reach a user. */
  public static final String REASONING = "SECRET REASONING: the user must never see this";

  enum Kind { ANSWER, ERROR, HANG, SLOW_FIRST_TOKEN, STALL_AFTER_FIRST_TOKEN, BREAK_AFTER_FIRST_TOKEN,
    END_WITHOUT_TERMINAL, FAILED_EVENT, HOLD_AFTER_PIECES, BREAK_AFTER_PIECES, STILL_WRITING }

  final Kind kind;
  final String text;
  final FakeModelError error;
  final long delayMs;
  final String failureCode;
  /** The text as the stream sends it, one delta per piece. */
  final List<String> pieces;
  /** For the piece-wise kinds: how many pieces go out before holding or breaking. */
  final int piecesBefore;
  /**
   * For {@link Kind#HOLD_AFTER_PIECES}: the rest goes out when this completes; for
   * {@link Kind#STILL_WRITING}: the next piece.
   */
  final Future<Void> release;
  private final Buffer[] bodies = new Buffer[FakeModelServer.API_COUNT];
  private final FakeModelStream[] streams = new FakeModelStream[FakeModelServer.API_COUNT];
  private final Buffer[] streamBodies = new Buffer[FakeModelServer.API_COUNT];

  private FakeModelBehaviour(Kind kind, String text, FakeModelError error, long delayMs, String failureCode) {
    this(kind, text == null ? List.of() : FakeModelStream.deltas(text), error, delayMs, failureCode, 0, null);
  }

  private FakeModelBehaviour(Kind kind, List<String> pieces, FakeModelError error, long delayMs, String failureCode,
                             int piecesBefore, Future<Void> release) {
    this.kind = kind;
    this.pieces = List.copyOf(pieces);
    this.text = String.join("", pieces);
    this.error = error;
    this.delayMs = delayMs;
    this.failureCode = failureCode;
    this.piecesBefore = piecesBefore;
    this.release = release;
  }

  private static FakeModelBehaviour answer(Kind kind, String text, long delayMs) {
    return new FakeModelBehaviour(kind, text, null, delayMs, null);
  }

  private static FakeModelBehaviour error(FakeModelError error) {
    return new FakeModelBehaviour(Kind.ERROR, null, error, 0, null);
  }

  /** Answers {@code text} as the visible content, after reasoning in the API's reasoning slot. */
  public static FakeModelBehaviour reply(String text) {
    return answer(Kind.ANSWER, text, 0);
  }

  /** Answers with reasoning leaked inline into the visible content, as MiniMax and vLLM without a parser do. */
  public static FakeModelBehaviour replyWithThinkTags(String thinking, String answer) {
    return reply("<think>" + thinking + "</think>\n\n" + answer);
  }

  /** Reasoning only, the visible content empty (LM Studio bug #1602). */
  public static FakeModelBehaviour empty() {
    return reply("");
  }

  /** An error status with a generic body of the API's shape. */
  public static FakeModelBehaviour fail(int status) {
    String type = status >= 500 ? "server_error" : "invalid_request_error";
    return error(FakeModelError.of(status, type, status >= 500 ? "server_error" : null, "The fake model failed with " + status + "."));
  }

  /** An error status with this exact body, for dialects (vLLM {@code object:"error"}, LM Studio {@code error:"…"}). */
  public static FakeModelBehaviour fail(int status, JsonObject body) {
    return error(new FakeModelError(status, null, null, null, null, body, Map.of()));
  }

  public static FakeModelBehaviour rateLimited(long retryAfterSeconds) {
    FakeModelError limited = FakeModelError.of(429, "requests", "rate_limit_exceeded", "Rate limit reached for requests.");
    return error(new FakeModelError(429, limited.type(), limited.code(), limited.message(), limited.message(), null,
        Map.of("retry-after", Long.toString(retryAfterSeconds))));
  }

  public static FakeModelBehaviour quotaExceeded() {
    return error(FakeModelError.of(429, "insufficient_quota", "insufficient_quota",
        "You exceeded your current quota, please check your plan and billing details."));
  }

  public static FakeModelBehaviour unauthorized() {
    return error(FakeModelError.of(401, "invalid_request_error", "invalid_api_key",
        "Incorrect API key provided: sk-fake***1234."));
  }

  /** LM Studio with JIT loading off and nothing loaded. */
  public static FakeModelBehaviour noModelLoaded() {
    return error(FakeModelError.of(404, "invalid_request_error", "model_not_found",
        "No models loaded. Please load a model in the developer page or use the `lms load` command."));
  }

  public static FakeModelBehaviour contextOverflow() {
    return error(new FakeModelError(400, "invalid_request_error", "context_length_exceeded",
        "Your input exceeds the context window of this model. Please adjust your input and try again.",
        "prompt is too long: 212000 tokens > 200000 maximum", null, Map.of()));
  }

  public static FakeModelBehaviour badRequest() {
    return error(FakeModelError.of(400, "invalid_request_error", "unsupported_parameter",
        "Unsupported parameter: 'temperature' is not supported with this model."));
  }

  /** Accepts the request and never answers. */
  public static FakeModelBehaviour hang() {
    return answer(Kind.HANG, "", 0);
  }

  /** Streamed: headers and bookkeeping events at once, tokens after {@code delayMs}; buffered: the body after it. */
  public static FakeModelBehaviour slowFirstToken(long delayMs, String text) {
    return answer(Kind.SLOW_FIRST_TOKEN, text, delayMs);
  }

  /** Sends up to the first token (buffered: half the body), then nothing more. */
  public static FakeModelBehaviour stallAfterFirstToken(String text) {
    return answer(Kind.STALL_AFTER_FIRST_TOKEN, text, 0);
  }

  /** Answers 200, sends up to the first token (buffered: half the body), then closes the connection. */
  public static FakeModelBehaviour breakStreamAfter200(String text) {
    return answer(Kind.BREAK_AFTER_FIRST_TOKEN, text, 0);
  }

  /** Ends the response cleanly before the terminal event (buffered: a truncated body). */
  public static FakeModelBehaviour endWithoutTerminalEvent(String text) {
    return answer(Kind.END_WITHOUT_TERMINAL, text, 0);
  }

  /** A 200 whose stream (or body) reports a failure: {@code response.failed}, an {@code error} event or object. */
  public static FakeModelBehaviour responseFailedEvent(String code) {
    return new FakeModelBehaviour(Kind.FAILED_EVENT, "Partial", null, 0, code);
  }

  /** Streamed: the text in these pieces, one delta each. */
  public static FakeModelBehaviour replyInPieces(List<String> pieces) {
    return new FakeModelBehaviour(Kind.ANSWER, pieces, null, 0, null, 0, null);
  }

  /**
   * Streamed: everything up to and including the first {@code before} pieces of the text, then the
   * rest once {@code release} completes, so a test sees what a client got while the model "writes".
   */
  public static FakeModelBehaviour holdAfterPieces(List<String> pieces, int before, Future<Void> release) {
    return new FakeModelBehaviour(Kind.HOLD_AFTER_PIECES, pieces, null, 0, null, before, release);
  }

  /**
   * Streamed: the first {@code before} pieces of the text, the next one when {@code next} completes,
   * and then nothing, the stream left open: a model still writing when the bridge dies.
   */
  public static FakeModelBehaviour stillWritingAfter(List<String> pieces, int before, Future<Void> next) {
    return new FakeModelBehaviour(Kind.STILL_WRITING, pieces, null, 0, null, before, next);
  }

  /** Streamed: the first {@code before} pieces of the text, then the connection closes. */
  public static FakeModelBehaviour breakAfterPieces(List<String> pieces, int before) {
    return new FakeModelBehaviour(Kind.BREAK_AFTER_PIECES, pieces, null, 0, null, before, null);
  }

  Buffer body(FakeModelApi api, int apiIndex) {
    Buffer body = bodies[apiIndex];
    if (body == null) {
      body = api.body(REASONING, text);
      bodies[apiIndex] = body;
    }
    return body;
  }

  FakeModelStream stream(FakeModelApi api, int apiIndex) {
    FakeModelStream stream = streams[apiIndex];
    if (stream == null) {
      stream = api.stream(REASONING, pieces);
      streams[apiIndex] = stream;
    }
    return stream;
  }

  Buffer streamBody(FakeModelApi api, int apiIndex) {
    Buffer body = streamBodies[apiIndex];
    if (body == null) {
      body = stream(api, apiIndex).all();
      streamBodies[apiIndex] = body;
    }
    return body;
  }
}
