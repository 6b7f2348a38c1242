package dev.switchboard.fakes;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A Slack Web API on 127.0.0.1, port 0: {@code /api/auth.test} and {@code /api/chat.postMessage}
 * with Slack's envelope (HTTP 200, {@code ok:true|false}), token check, JSON or form bodies, and
 * truncation above 40,000 characters. Every request is recorded with its arrival time. Scripted
 * answers for the next requests: 429 with {@code Retry-After}, an {@code ok:false} error, a 5xx, or
 * silence (the request is read and never answered). Safe to use from test threads.
 */
public final class FakeSlackServer {

  public static final String TOKEN = "xoxb-fake-token";
  public static final String BOT_USER_ID = "U0LAN0Z89";
  public static final String BOT_ID = "B0LAN0Z89";
  public static final String TEAM_ID = "T123ABC456";
  private static final int MAX_TEXT = 40_000;

  /** One request as received: Slack method, headers, parameters (JSON body or form), arrival in ms (monotonic). */
  public record Request(String method, MultiMap headers, JsonObject params, long atMillis) {
  }

  private sealed interface Scripted {
  }

  private record RateLimited(int retryAfterSeconds) implements Scripted {
  }

  private record OkFalse(String error) implements Scripted {
  }

  private record ServerError(int status) implements Scripted {
  }

  private record Silence() implements Scripted {
  }

  private record Normal() implements Scripted {
  }

  private record RequestWaiter(String method, int count, Promise<List<Request>> promise) {
  }

  private record Waiter(int count, Promise<List<JsonObject>> promise) {
  }

  private final List<Request> requests = new ArrayList<>();
  private final List<JsonObject> posted = new ArrayList<>();
  private final Deque<Scripted> script = new ArrayDeque<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private final List<RequestWaiter> requestWaiters = new ArrayList<>();
  private final Map<String, String> visible = new LinkedHashMap<>();
  private final Set<String> streaming = new HashSet<>();
  private boolean streamingRefused;
  private HttpServer server;
  private long nextTs = 1_700_000_000_000_100L;
  private final Map<String, Buffer> files = new HashMap<>();
  private final List<String> downloads = new ArrayList<>();
  private boolean filesScope = true;

  private FakeSlackServer() {
  }

  public static Future<FakeSlackServer> start(Vertx vertx) {
    FakeSlackServer fake = new FakeSlackServer();
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false));
    router.post("/api/:method").handler(fake::handle);
    router.get("/files-pri/:id/:name").handler(fake::serveFile);
    return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .map(server -> {
          fake.server = server;
          return fake;
        });
  }

  /** What {@code apiBaseUrl} should be to reach this fake. */
  public String apiBaseUrl() {
    return "http://127.0.0.1:" + server.actualPort() + "/api";
  }

  public Future<Void> close() {
    return server.close();
  }

  /**
   * A file a user shared: its bytes are served at its {@code url_private_download} to the bot token
   * only; the answer is the file object as it appears in an event's {@code files[]}.
   */
  public synchronized JsonObject file(String id, String name, String mimeType, Buffer bytes) {
    files.put(id, bytes);
    String url = "http://127.0.0.1:" + server.actualPort() + "/files-pri/" + id + "/" + name;
    return new JsonObject().put("id", id).put("name", name).put("title", name).put("mimetype", mimeType)
        .put("filetype", name.substring(name.lastIndexOf('.') + 1)).put("size", bytes.length())
        .put("url_private", url).put("url_private_download", url + "?download=1");
  }

  /** Downloads answer like an app installed without {@code files:read}: 200 with the sign-in page. */
  public synchronized FakeSlackServer withoutFilesScope() {
    filesScope = false;
    return this;
  }

  /** The ids of the files downloaded with the right token, in order. */
  public synchronized List<String> downloads() {
    return List.copyOf(downloads);
  }

  private synchronized void serveFile(RoutingContext ctx) {
    Buffer bytes = files.get(ctx.pathParam("id"));
    if (!filesScope || bytes == null || !("Bearer " + TOKEN).equals(ctx.request().getHeader("Authorization"))) {
      ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
          .end("<!DOCTYPE html><html><head><title>Slack</title></head><body>Sign in to Slack</body></html>");
      return;
    }
    downloads.add(ctx.pathParam("id"));
    ctx.response().putHeader("Content-Type", "application/octet-stream").end(bytes);
  }

  public synchronized FakeSlackServer rateLimitNext(int retryAfterSeconds) {
    script.add(new RateLimited(retryAfterSeconds));
    return this;
  }

  public synchronized FakeSlackServer failNext(String error) {
    script.add(new OkFalse(error));
    return this;
  }

  public synchronized FakeSlackServer serverErrorNext(int status) {
    script.add(new ServerError(status));
    return this;
  }

  /** The next request is answered as usual: lets a script fail a later request. */
  public synchronized FakeSlackServer answerNormallyNext() {
    script.add(new Normal());
    return this;
  }

  /** The next request is read and never answered, as when a response is lost. */
  public synchronized FakeSlackServer staySilentNext() {
    script.add(new Silence());
    return this;
  }

  /** {@code chat.startStream} answers {@code channel_type_not_supported} from now on, as some workspaces do. */
  public synchronized FakeSlackServer refuseStreaming() {
    streamingRefused = true;
    return this;
  }

  /**
   * What a user of the workspace sees: every message the bot made, by {@code ts}, with its current
   * text (posted, streamed and appended, or updated).
   */
  public synchronized Map<String, String> visibleMessages() {
    return new LinkedHashMap<>(visible);
  }

  /** Completes once {@code count} calls of {@code method} arrived, with them. */
  public synchronized Future<List<Request>> awaitRequests(String method, int count) {
    Promise<List<Request>> promise = Promise.promise();
    requestWaiters.add(new RequestWaiter(method, count, promise));
    wakeRequestWaiters();
    return promise.future();
  }

  private void wakeRequestWaiters() {
    requestWaiters.removeIf(waiter -> {
      List<Request> calls = requests(waiter.method());
      return calls.size() >= waiter.count() && waiter.promise().tryComplete(calls.subList(0, waiter.count()));
    });
  }

  public synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  public synchronized List<Request> requests(String method) {
    return requests.stream().filter(r -> r.method().equals(method)).toList();
  }

  /** The parameters of every message accepted by {@code chat.postMessage}, in order. */
  public synchronized List<JsonObject> postedMessages() {
    return List.copyOf(posted);
  }

  /** Completes once {@code count} messages were accepted, with the first {@code count} of them. */
  public synchronized Future<List<JsonObject>> awaitPosted(int count) {
    Promise<List<JsonObject>> promise = Promise.promise();
    waiters.add(new Waiter(count, promise));
    wakeWaiters();
    return promise.future();
  }

  private void handle(RoutingContext ctx) {
    String method = ctx.pathParam("method");
    JsonObject params = params(ctx);
    Scripted scripted;
    synchronized (this) {
      requests.add(new Request(method, MultiMap.caseInsensitiveMultiMap().addAll(ctx.request().headers()), params,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime())));
      scripted = script.poll();
    }
    try {
      answerScripted(ctx, method, params, scripted);
    } finally {
      synchronized (this) {
        wakeRequestWaiters();
      }
    }
  }

  private void answerScripted(RoutingContext ctx, String method, JsonObject params, Scripted scripted) {
    if (scripted instanceof Silence) {
      return;
    }
    if (scripted instanceof RateLimited limited) {
      ctx.response().setStatusCode(429).putHeader("Retry-After", String.valueOf(limited.retryAfterSeconds()))
          .end(new JsonObject().put("ok", false).put("error", "ratelimited").encode());
      return;
    }
    if (scripted instanceof ServerError error) {
      ctx.response().setStatusCode(error.status()).end("upstream trouble");
      return;
    }
    if (scripted instanceof OkFalse okFalse) {
      answer(ctx, failure(okFalse.error()));
      return;
    }
    if (!("Bearer " + TOKEN).equals(ctx.request().getHeader("Authorization"))) {
      answer(ctx, failure(ctx.request().getHeader("Authorization") == null ? "not_authed" : "invalid_auth"));
      return;
    }
    switch (method) {
      case "auth.test" -> answer(ctx, new JsonObject().put("ok", true).put("url", "https://switchboard-test.slack.com/")
          .put("team", "Switchboard Test").put("user", "switchboard").put("team_id", TEAM_ID)
          .put("user_id", BOT_USER_ID).put("bot_id", BOT_ID).put("is_enterprise_install", false));
      case "chat.postMessage" -> answer(ctx, postMessage(params));
      case "chat.startStream", "chat.appendStream", "chat.stopStream", "chat.update", "chat.delete" ->
          answer(ctx, live(method, params));
      default -> answer(ctx, failure("unknown_method"));
    }
  }

  private JsonObject postMessage(JsonObject params) {
    String channel = params.getString("channel");
    String text = params.getString("text");
    if (channel == null || channel.isBlank()) {
      return failure("channel_not_found");
    }
    if (text == null || text.isEmpty()) {
      return failure("no_text");
    }
    JsonObject stored = params.copy().put("text", text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text);
    String ts;
    synchronized (this) {
      long value = nextTs++;
      ts = value / 1_000_000 + "." + String.format("%06d", value % 1_000_000);
      posted.add(stored);
      visible.put(ts, stored.getString("text"));
      wakeWaiters();
    }
    JsonObject message = new JsonObject().put("type", "message").put("text", stored.getString("text"))
        .put("user", BOT_USER_ID).put("bot_id", BOT_ID).put("ts", ts);
    if (params.getString("thread_ts") != null) {
      message.put("thread_ts", params.getString("thread_ts"));
    }
    return new JsonObject().put("ok", true).put("channel", channel).put("ts", ts).put("message", message);
  }

  /**
   * The streaming methods (changelog 2025-10-07), {@code chat.update} and {@code chat.delete}, on the messages
   * users see.
   */
  private synchronized JsonObject live(String method, JsonObject params) {
    String channel = params.getString("channel");
    if (channel == null || channel.isBlank()) {
      return failure("channel_not_found");
    }
    String markdown = params.getString("markdown_text", "");
    switch (method) {
      case "chat.startStream" -> {
        if (streamingRefused) {
          return failure("channel_type_not_supported");
        }
        if (params.getString("thread_ts") == null) {
          return failure("invalid_arguments");
        }
        long value = nextTs++;
        String ts = value / 1_000_000 + "." + String.format("%06d", value % 1_000_000);
        visible.put(ts, markdown);
        streaming.add(ts);
        return new JsonObject().put("ok", true).put("channel", channel).put("ts", ts);
      }
      case "chat.appendStream", "chat.stopStream" -> {
        String ts = params.getString("ts");
        if (!streaming.contains(ts)) {
          return failure("message_not_in_streaming_state");
        }
        visible.put(ts, visible.get(ts) + markdown);
        if (method.equals("chat.stopStream")) {
          streaming.remove(ts);
        }
        return new JsonObject().put("ok", true).put("channel", channel).put("ts", ts);
      }
      case "chat.delete" -> {
        String ts = params.getString("ts");
        if (visible.remove(ts) == null) {
          return failure("message_not_found");
        }
        streaming.remove(ts);
        return new JsonObject().put("ok", true).put("channel", channel).put("ts", ts);
      }
      default -> {
        String ts = params.getString("ts");
        if (!visible.containsKey(ts)) {
          return failure("message_not_found");
        }
        visible.put(ts, params.getString("text"));
        return new JsonObject().put("ok", true).put("channel", channel).put("ts", ts);
      }
    }
  }

  private void wakeWaiters() {
    waiters.removeIf(waiter -> {
      if (posted.size() < waiter.count()) {
        return false;
      }
      waiter.promise().complete(List.copyOf(posted.subList(0, waiter.count())));
      return true;
    });
  }

  private static JsonObject params(RoutingContext ctx) {
    String contentType = ctx.request().getHeader("Content-Type");
    if (contentType != null && contentType.startsWith("application/json")) {
      try {
        JsonObject json = ctx.body().asJsonObject();
        return json == null ? new JsonObject() : json;
      } catch (RuntimeException e) {
        return new JsonObject().put("invalid_json", ctx.body().asString());
      }
    }
    JsonObject form = new JsonObject();
    ctx.request().formAttributes().forEach(entry -> form.put(entry.getKey(), entry.getValue()));
    return form;
  }

  private static JsonObject failure(String error) {
    return new JsonObject().put("ok", false).put("error", error);
  }

  private static void answer(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(body.encode());
  }
}
