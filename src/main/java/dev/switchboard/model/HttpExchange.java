package dev.switchboard.model;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;

import java.util.concurrent.TimeUnit;

/**
 * One model request on the wire, with its deadlines: after the request is sent, the first token
 * must arrive within {@code firstTokenTimeoutMs}, then no silence may last longer than
 * {@code idleTimeoutMs}; both are capped by the turn's deadline. A passed deadline resets the HTTP
 * request, so the connection is freed rather than left to a hung backend.
 *
 * <p>A connection that cannot be made is {@link ModelErrorClass#CONNECTION}; one that breaks after
 * the request was sent is {@link ModelErrorClass#BROKEN}. One case is retried first: a connection
 * that closes within {@link #NEW_CONNECTION_RETRY_WINDOW_MS} of the send without any answer is most
 * likely a pooled keep-alive connection the server had just closed as idle, so the request is sent
 * once more on a new connection of its own (not from the pool, which may hold more such connections).
 * A later drop is not retried: the backend may have been generating, and a second generation costs.
 *
 * <p>Not thread-safe: every callback runs on the context that called {@link #run()}. One timer is
 * kept per exchange; chunks only move the phase's end forward, and the timer re-arms itself when it
 * fires early, so a long stream does not create a timer per chunk.
 */
final class HttpExchange<T> {

  static final int MAX_ERROR_BODY_BYTES = 64 * 1024;
  /** A connection closed unanswered this soon after the send is retried once on a new connection, in milliseconds. */
  static final long NEW_CONNECTION_RETRY_WINDOW_MS = 1_000;

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
  /** The exchange's own connection once it retried; closed when the exchange ends. */
  private HttpClientConnection newConnection;
  private boolean retried;
  private long sentAtNanos;
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
      closeNewConnection();
      return;
    }
    if (connected.failed()) {
      fail(classified(ModelErrorClass.CONNECTION, "connection failed", connected.cause()));
      return;
    }
    request = connected.result();
    request.headers().addAll(headers);
    startPhase(firstTokenTimeoutNanos);
    sentAtNanos = System.nanoTime();
    request.send(body).onComplete(this::onResponse);
  }

  private void onResponse(AsyncResult<HttpClientResponse> answered) {
    if (finished) {
      return;
    }
    if (answered.failed()) {
      if (!retried && System.nanoTime() - sentAtNanos < TimeUnit.MILLISECONDS.toNanos(NEW_CONNECTION_RETRY_WINDOW_MS)) {
        retryOnNewConnection();
      } else {
        fail(classified(ModelErrorClass.BROKEN, "no response", answered.cause()));
      }
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

  private void retryOnNewConnection() {
    retried = true;
    request = null;
    HttpConnectOptions connect = new HttpConnectOptions()
        .setHost(options.getHost()).setPort(options.getPort()).setSsl(options.isSsl());
    client.connect(connect)
        .compose(connection -> {
          newConnection = connection;
          return connection.request(options);
        })
        .onComplete(this::onRequest);
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
    closeNewConnection();
    promise.complete(result);
  }

  private void onBroken(Throwable cause) {
    if (!finished) {
      fail(classified(ModelErrorClass.BROKEN, "stream broken", cause));
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
    closeNewConnection();
    promise.fail(failure);
  }

  private void closeNewConnection() {
    if (newConnection != null) {
      newConnection.close();
      newConnection = null;
    }
  }

  private static ModelException malformed(RuntimeException cause) {
    if (cause instanceof ModelException classified) {
      return classified;
    }
    String what = cause instanceof DecodeException ? "invalid JSON" : cause.getClass().getSimpleName();
    return new ModelException(ModelErrorClass.MALFORMED, "malformed response: " + what);
  }

  private static ModelException classified(ModelErrorClass errorClass, String what, Throwable cause) {
    String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    if (reason.length() > ErrorClassifier.MAX_MESSAGE_CHARS) {
      reason = reason.substring(0, ErrorClassifier.MAX_MESSAGE_CHARS) + "…";
    }
    return new ModelException(errorClass, what + ": " + reason);
  }
}
