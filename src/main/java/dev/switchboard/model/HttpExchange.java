package dev.switchboard.model;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;

import java.util.concurrent.TimeUnit;

/**
 * One model request on the wire, with its deadlines: after the request is sent, the first token
 * must arrive within {@code firstTokenTimeoutMs}, then no silence may last longer than
 * {@code idleTimeoutMs}; both are capped by the turn's deadline. A passed deadline resets the HTTP
 * request, so the connection is freed rather than left to a hung backend.
 *
 * <p>Not thread-safe: every callback runs on the context that called {@link #run()}. One timer is
 * kept per exchange; chunks only move the phase's end forward, and the timer re-arms itself when it
 * fires early, so a long stream does not create a timer per chunk.
 */
final class HttpExchange<T> {

  static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

  private final Vertx vertx;
  private final HttpClientAgent client;
  private final RequestOptions options;
  private final MultiMap headers;
  private final Buffer body;
  private final long firstTokenTimeoutNanos;
  private final long idleTimeoutNanos;
  private final long deadlineNanos;
  private final SuccessBody<T> successBody;
  private final Promise<T> promise = Promise.promise();

  private HttpClientRequest request;
  private boolean responseEnded;
  private boolean tokenSeen;
  private boolean finished;
  private long phaseEndsNanos = Long.MAX_VALUE;
  private long timerId = -1;
  private long timerFiresAtNanos;

  HttpExchange(Vertx vertx, HttpClientAgent client, RequestOptions options, MultiMap headers, Buffer body,
               long firstTokenTimeoutMs, long idleTimeoutMs, long deadlineAtMillis, SuccessBody<T> successBody) {
    this.vertx = vertx;
    this.client = client;
    this.options = options;
    this.headers = headers;
    this.body = body;
    this.firstTokenTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(firstTokenTimeoutMs);
    this.idleTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(idleTimeoutMs);
    this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineAtMillis - System.currentTimeMillis());
    this.successBody = successBody;
  }

  Future<T> future() {
    return promise.future();
  }

  /** Starts the exchange; call it on the context that should run every callback. */
  void run() {
    if (deadlineNanos <= System.nanoTime()) {
      fail(new ModelException(ModelErrorClass.DEADLINE, "turn deadline passed before the request was sent"));
      return;
    }
    armTimer();
    client.request(options).onComplete(this::onRequest);
  }

  private void onRequest(AsyncResult<HttpClientRequest> connected) {
    if (finished) {
      if (connected.succeeded()) {
        connected.result().reset();
      }
      return;
    }
    if (connected.failed()) {
      fail(connectionFailure("connection failed", connected.cause()));
      return;
    }
    request = connected.result();
    request.headers().addAll(headers);
    startPhase(firstTokenTimeoutNanos);
    request.send(body).onComplete(this::onResponse);
  }

  private void onResponse(AsyncResult<HttpClientResponse> answered) {
    if (finished) {
      return;
    }
    if (answered.failed()) {
      fail(connectionFailure("no response", answered.cause()));
      return;
    }
    HttpClientResponse response = answered.result();
    response.exceptionHandler(this::onBroken);
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      response.handler(this::onSuccessChunk);
      response.endHandler(v -> onSuccessEnd());
    } else {
      Buffer errorBody = Buffer.buffer();
      response.handler(chunk -> {
        onActivity();
        if (errorBody.length() < MAX_ERROR_BODY_BYTES) {
          errorBody.appendBuffer(chunk, 0, Math.min(chunk.length(), MAX_ERROR_BODY_BYTES - errorBody.length()));
        }
      });
      response.endHandler(v -> {
        responseEnded = true;
        fail(ErrorClassifier.fromResponse(status, response.headers(), errorBody));
      });
    }
  }

  private void onSuccessChunk(Buffer chunk) {
    if (finished) {
      return;
    }
    StreamDecoder.Progress progress;
    try {
      progress = successBody.take(chunk);
    } catch (RuntimeException e) {
      fail(malformed(e));
      return;
    }
    if (tokenSeen || progress != StreamDecoder.Progress.NOTHING) {
      onActivity();
    }
    if (progress == StreamDecoder.Progress.DONE) {
      finish();
    }
  }

  private void onSuccessEnd() {
    responseEnded = true;
    if (!finished) {
      finish();
    }
  }

  private void finish() {
    T result;
    try {
      result = successBody.end();
    } catch (RuntimeException e) {
      fail(malformed(e));
      return;
    }
    finished = true;
    cancelTimer();
    promise.complete(result);
  }

  private void onBroken(Throwable cause) {
    if (!finished) {
      fail(connectionFailure("stream broken", cause));
    }
  }

  /** Bytes arrived: once the first token has been seen, only the idle deadline applies. */
  private void onActivity() {
    if (!tokenSeen) {
      tokenSeen = true;
      startPhase(idleTimeoutNanos);
    } else {
      phaseEndsNanos = System.nanoTime() + idleTimeoutNanos;
    }
  }

  private void startPhase(long timeoutNanos) {
    phaseEndsNanos = System.nanoTime() + timeoutNanos;
    if (phaseEndsNanos < timerFiresAtNanos) {
      cancelTimer();
      armTimer();
    }
  }

  private void armTimer() {
    timerFiresAtNanos = Math.min(phaseEndsNanos, deadlineNanos);
    long delayMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(timerFiresAtNanos - System.nanoTime()) + 1);
    timerId = vertx.setTimer(delayMs, id -> onTimer());
  }

  private void onTimer() {
    timerId = -1;
    if (finished) {
      return;
    }
    long now = System.nanoTime();
    if (now >= deadlineNanos) {
      fail(new ModelException(ModelErrorClass.DEADLINE, "turn deadline passed while waiting for the model"));
    } else if (now >= phaseEndsNanos) {
      fail(new ModelException(ModelErrorClass.TIMEOUT, tokenSeen
          ? "no data for " + TimeUnit.NANOSECONDS.toMillis(idleTimeoutNanos) + " ms"
          : "no first token within " + TimeUnit.NANOSECONDS.toMillis(firstTokenTimeoutNanos) + " ms"));
    } else {
      armTimer();
    }
  }

  private void cancelTimer() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
    timerFiresAtNanos = Long.MAX_VALUE;
  }

  private void fail(ModelException failure) {
    if (finished) {
      return;
    }
    finished = true;
    cancelTimer();
    if (request != null && !responseEnded) {
      request.reset();
    }
    promise.fail(failure);
  }

  private static ModelException malformed(RuntimeException cause) {
    if (cause instanceof ModelException classified) {
      return classified;
    }
    String what = cause instanceof DecodeException ? "invalid JSON" : cause.getClass().getSimpleName();
    return new ModelException(ModelErrorClass.MALFORMED, "malformed response: " + what);
  }

  private static ModelException connectionFailure(String what, Throwable cause) {
    String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    if (reason.length() > ErrorClassifier.MAX_MESSAGE_CHARS) {
      reason = reason.substring(0, ErrorClassifier.MAX_MESSAGE_CHARS) + "…";
    }
    return new ModelException(ModelErrorClass.CONNECTION, what + ": " + reason);
  }
}
