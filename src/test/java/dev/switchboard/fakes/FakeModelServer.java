package dev.switchboard.fakes;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model backend on 127.0.0.1 (port 0) speaking OpenAI Responses ({@code /v1/responses}), Chat
 * Completions ({@code /v1/chat/completions}), Anthropic Messages ({@code /v1/messages}) and the model
 * lists ({@code /v1/models} with vLLM's {@code max_model_len}, LM Studio's {@code /api/v0/models}).
 * It streams when the request says {@code stream:true}. What it does is scripted: one-shot
 * behaviours queued with {@link #next} (or the shortcuts such as {@link #fail(int)}) are used first,
 * then the {@link #always} default. Every request is recorded unless {@link #recording(boolean)} is off.
 *
 * <pre>{@code
 * FakeModelServer fake = FakeModelServer.start(vertx).await();
 * fake.fail(503).reply("Hello");           // first request 503, second "Hello", then the default
 * provider baseUrl: fake.baseUrl()         // http://127.0.0.1:<port>/v1, for all three APIs
 * }</pre>
 */
public final class FakeModelServer {

  public static final String MODEL_ID = "fake-model";
  public static final long INPUT_TOKENS = 21;
  public static final long OUTPUT_TOKENS = 13;
  public static final String DEFAULT_REPLY = "Hello from the fake model.";
  public static final int DEFAULT_CONTEXT_LENGTH = 32_768;
  static final int API_COUNT = 3;

  private static final FakeModelApi[] APIS = {
      new FakeModelResponsesApi(), new FakeModelCompletionsApi(), new FakeModelAnthropicApi()};
  private static final String[] API_PATHS = {"/v1/responses", "/v1/chat/completions", "/v1/messages"};

  private final Vertx vertx;
  private final Queue<FakeModelBehaviour> next = new ConcurrentLinkedQueue<>();
  private final Queue<FakeModelRequest> requests = new ConcurrentLinkedQueue<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private volatile FakeModelBehaviour always = FakeModelBehaviour.reply(DEFAULT_REPLY);
  private volatile boolean recording = true;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger mostAtOnce = new AtomicInteger();
  private volatile int contextLength = DEFAULT_CONTEXT_LENGTH;
  private HttpServer server;

  private record Waiter(int count, Promise<List<FakeModelRequest>> promise) {
  }

  private FakeModelServer(Vertx vertx) {
    this.vertx = vertx;
  }

  /** The server-sent events with which this server answers a streamed {@code /v1/responses} call by default. */
  public static Buffer defaultResponsesStream() {
    return FakeModelBehaviour.reply(DEFAULT_REPLY).stream(new FakeModelResponsesApi(), 0).all();
  }

  public static Future<FakeModelServer> start(Vertx vertx) {
    FakeModelServer fake = new FakeModelServer(vertx);
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(fake::handle)
        .listen()
        .map(server -> {
          fake.server = server;
          return fake;
        });
  }

  public int port() {
    return server.actualPort();
  }

  /** {@code http://127.0.0.1:<port>/v1}: the base URL of all three APIs. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/v1";
  }

  public Future<Void> close() {
    return server.close();
  }

  /** What every request gets once the one-shot queue is empty. */
  public FakeModelServer always(FakeModelBehaviour behaviour) {
    always = behaviour;
    return this;
  }

  /** Queues a behaviour for one request. */
  public FakeModelServer next(FakeModelBehaviour behaviour) {
    next.add(behaviour);
    return this;
  }

  public FakeModelServer reply(String text) {
    return next(FakeModelBehaviour.reply(text));
  }

  public FakeModelServer replyWithThinkTags(String thinking, String answer) {
    return next(FakeModelBehaviour.replyWithThinkTags(thinking, answer));
  }

  public FakeModelServer empty() {
    return next(FakeModelBehaviour.empty());
  }

  public FakeModelServer fail(int status) {
    return next(FakeModelBehaviour.fail(status));
  }

  public FakeModelServer rateLimited(long retryAfterSeconds) {
    return next(FakeModelBehaviour.rateLimited(retryAfterSeconds));
  }

  public FakeModelServer unauthorized() {
    return next(FakeModelBehaviour.unauthorized());
  }

  public FakeModelServer noModelLoaded() {
    return next(FakeModelBehaviour.noModelLoaded());
  }

  public FakeModelServer contextOverflow() {
    return next(FakeModelBehaviour.contextOverflow());
  }

  public FakeModelServer badRequest() {
    return next(FakeModelBehaviour.badRequest());
  }

  public FakeModelServer hang() {
    return next(FakeModelBehaviour.hang());
  }

  public FakeModelServer slowFirstToken(long delayMs) {
    return next(FakeModelBehaviour.slowFirstToken(delayMs, DEFAULT_REPLY));
  }

  public FakeModelServer stallAfterFirstToken() {
    return next(FakeModelBehaviour.stallAfterFirstToken(DEFAULT_REPLY));
  }

  public FakeModelServer breakStreamAfter200() {
    return next(FakeModelBehaviour.breakStreamAfter200(DEFAULT_REPLY));
  }

  public FakeModelServer responseFailedEvent() {
    return next(FakeModelBehaviour.responseFailedEvent("server_error"));
  }

  /** The context length the model lists report. */
  public FakeModelServer contextLength(int tokens) {
    contextLength = tokens;
    return this;
  }

  /** Turns request recording off for load tests (on by default). */
  public FakeModelServer recording(boolean on) {
    recording = on;
    return this;
  }

  /** Every recorded request, oldest first. */
  public List<FakeModelRequest> requests() {
    return new ArrayList<>(requests);
  }

  public void clearRequests() {
    requests.clear();
  }

  /** Completes once {@code count} requests were recorded (cleared ones not counted), with the first {@code count}. */
  public synchronized Future<List<FakeModelRequest>> awaitRequests(int count) {
    Promise<List<FakeModelRequest>> promise = Promise.promise();
    waiters.add(new Waiter(count, promise));
    wakeWaiters();
    return promise.future();
  }

  private synchronized void record(FakeModelRequest request) {
    requests.add(request);
    wakeWaiters();
  }

  private void wakeWaiters() {
    List<FakeModelRequest> recorded = requests();
    waiters.removeIf(waiter -> recorded.size() >= waiter.count()
        && waiter.promise().tryComplete(recorded.subList(0, waiter.count())));
  }

  private void handle(HttpServerRequest request) {
    String path = request.path();
    if (request.method() == HttpMethod.GET) {
      answerModelList(request, path);
      return;
    }
    int api = apiIndex(path);
    if (request.method() != HttpMethod.POST || api < 0) {
      json(request.response().setStatusCode(404), new JsonObject().put("error", "Unexpected endpoint " + path).toBuffer());
      return;
    }
    request.body().onSuccess(buffer -> {
      JsonObject body;
      try {
        body = buffer.toJsonObject();
      } catch (RuntimeException notJson) {
        json(request.response().setStatusCode(400), APIS[api].errorBody(
            FakeModelError.of(400, "invalid_request_error", null, "The body is not valid JSON.")));
        return;
      }
      if (recording) {
        record(new FakeModelRequest(path, MultiMap.caseInsensitiveMultiMap().addAll(request.headers()), body));
      }
      FakeModelBehaviour behaviour = next.poll();
      countOpen(request);
      new FakeModelExchange(vertx, request, APIS[api], api, behaviour == null ? always : behaviour)
          .respond(Boolean.TRUE.equals(body.getValue("stream")));
    });
  }

  /** Counts the request as open until its response has ended or its connection closed. */
  private void countOpen(HttpServerRequest request) {
    mostAtOnce.accumulateAndGet(open.incrementAndGet(), Math::max);
    AtomicBoolean closed = new AtomicBoolean();
    Runnable close = () -> {
      if (closed.compareAndSet(false, true)) {
        open.decrementAndGet();
      }
    };
    request.response().endHandler(ended -> close.run());
    request.response().closeHandler(gone -> close.run());
  }

  /** The most requests this server was answering at the same time. */
  public int mostAtOnce() {
    return mostAtOnce.get();
  }

  private static int apiIndex(String path) {
    for (int i = 0; i < API_PATHS.length; i++) {
      if (API_PATHS[i].equals(path)) {
        return i;
      }
    }
    return -1;
  }

  private void answerModelList(HttpServerRequest request, String path) {
    JsonObject model = new JsonObject().put("id", MODEL_ID).put("object", "model");
    if (path.equals("/v1/models")) {
      model.put("created", 1_700_000_000).put("owned_by", "fake").put("root", MODEL_ID).put("max_model_len", contextLength);
    } else if (path.equals("/api/v0/models")) {
      model.put("type", "llm").put("publisher", "fake").put("arch", "fake").put("compatibility_type", "gguf")
          .put("quantization", "Q4_K_M").put("state", "loaded").put("max_context_length", contextLength);
    } else {
      json(request.response().setStatusCode(404), new JsonObject().put("error", "Unexpected endpoint " + path).toBuffer());
      return;
    }
    json(request.response(), new JsonObject().put("object", "list").put("data", new JsonArray().add(model)).toBuffer());
  }

  static void json(HttpServerResponse response, Buffer body) {
    response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
  }
}
