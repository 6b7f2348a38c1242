package dev.switchboard.fakes;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A fake Telegram Bot API on 127.0.0.1: {@code POST /bot<token>/getMe|sendMessage|sendMessageDraft|sendChatAction}
 * answered in the real {@code ok/result} envelope. It records every call (method, JSON body, when),
 * and answers the next call of a method with an injected error when told to: 429 with
 * {@code retry_after}, 400 "can't parse entities", 403 blocked, 5xx, group migration.
 */
public final class FakeTelegramServer {

  public static final long BOT_ID = 7_000_000_001L;
  public static final String BOT_USERNAME = "switchboard_bot";

  /** One API call as it arrived; {@code receivedAtNanos} is {@link System#nanoTime()}. */
  public record Call(String method, JsonObject body, long receivedAtNanos) {
  }

  /** An injected answer; a null body means the call is never answered (the client's timeout decides). */
  public record Answer(int status, JsonObject body) {
  }

  private final String token;
  private final List<Call> calls = new ArrayList<>();
  private final Map<String, Deque<Answer>> injected = new HashMap<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private HttpServer server;
  private long nextMessageId = 1000;
  /** Files by file_id: their path, and their bytes served at {@code /file/bot<token>/<path>}. */
  private final Map<String, String> filePaths = new HashMap<>();
  private final Map<String, Buffer> files = new HashMap<>();
  private final List<String> downloads = new ArrayList<>();

  private record Waiter(String method, int count, Promise<List<Call>> promise) {
  }

  private FakeTelegramServer(String token) {
    this.token = token;
  }

  public static Future<FakeTelegramServer> start(Vertx vertx, String token) {
    FakeTelegramServer fake = new FakeTelegramServer(token);
    return vertx.createHttpServer().requestHandler(fake::handle).listen(0, "127.0.0.1")
        .map(server -> {
          fake.server = server;
          return fake;
        });
  }

  /** What {@code channels.telegram.apiBaseUrl} should be to talk to this fake. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public Future<Void> close() {
    return server.close();
  }

  /** A file a user sent: {@code getFile} names its path, which serves {@code bytes} with the token only. */
  public synchronized FakeTelegramServer file(String fileId, String path, Buffer bytes) {
    filePaths.put(fileId, path);
    files.put(path, bytes);
    return this;
  }

  /** The file paths downloaded, in order. */
  public synchronized List<String> downloads() {
    return List.copyOf(downloads);
  }

  /** Answers the next call of {@code method} with this instead of success; queued in order. */
  public synchronized FakeTelegramServer failNext(String method, Answer answer) {
    injected.computeIfAbsent(method, name -> new ArrayDeque<>()).add(answer);
    return this;
  }

  public synchronized List<Call> calls(String method) {
    return calls.stream().filter(call -> call.method().equals(method)).toList();
  }

  public synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  /** Completes once {@code method} was called {@code count} times, with those calls. */
  public synchronized Future<List<Call>> awaitCalls(String method, int count) {
    Promise<List<Call>> promise = Promise.promise();
    waiters.add(new Waiter(method, count, promise));
    release();
    return promise.future();
  }

  public static Answer tooManyRequests(int retryAfterSeconds) {
    return error(429, "Too Many Requests: retry after " + retryAfterSeconds,
        new JsonObject().put("retry_after", retryAfterSeconds));
  }

  /** A 429 without {@code parameters.retry_after}, which Telegram does not promise. */
  public static Answer tooManyRequestsWithoutWait() {
    return error(429, "Too Many Requests", null);
  }

  public static Answer cantParseEntities() {
    return error(400, "Bad Request: can't parse entities: Unsupported start tag \"foo\" at byte offset 0", null);
  }

  public static Answer blockedByUser() {
    return error(403, "Forbidden: bot was blocked by the user", null);
  }

  public static Answer serverError() {
    return error(502, "Bad Gateway", null);
  }

  public static Answer migratedTo(long newChatId) {
    return error(400, "Bad Request: group chat was upgraded to a supergroup chat",
        new JsonObject().put("migrate_to_chat_id", newChatId));
  }

  /** Reads the request and never answers, like a connection lost after the message was posted. */
  public static Answer noAnswer() {
    return new Answer(0, null);
  }

  private static Answer error(int code, String description, JsonObject parameters) {
    JsonObject body = new JsonObject().put("ok", false).put("error_code", code).put("description", description);
    if (parameters != null) {
      body.put("parameters", parameters);
    }
    return new Answer(code, body);
  }

  private void handle(HttpServerRequest request) {
    long receivedAt = System.nanoTime();
    if (request.path().startsWith("/file/")) {
      serveFile(request);
      return;
    }
    request.body().onSuccess(buffer -> {
      String prefix = "/bot" + token + "/";
      if (!request.path().startsWith(prefix)) {
        reply(request, error(401, "Unauthorized", null));
        return;
      }
      String method = request.path().substring(prefix.length());
      JsonObject body;
      try {
        body = buffer.length() == 0 ? new JsonObject() : buffer.toJsonObject();
      } catch (DecodeException | ClassCastException e) {
        reply(request, error(400, "Bad Request: invalid JSON", null));
        return;
      }
      reply(request, record(new Call(method, body, receivedAt)));
    });
  }

  private synchronized Answer record(Call call) {
    calls.add(call);
    release();
    Deque<Answer> queue = injected.get(call.method());
    if (queue != null && !queue.isEmpty()) {
      return queue.poll();
    }
    return switch (call.method()) {
      case "getMe" -> ok(new JsonObject().put("id", BOT_ID).put("is_bot", true).put("first_name", "Switchboard")
          .put("username", BOT_USERNAME).put("can_join_groups", true).put("can_read_all_group_messages", false)
          .put("supports_inline_queries", false));
      case "sendMessage" -> ok(sentMessage(call.body()));
      case "sendChatAction", "sendMessageDraft" -> ok(true);
      case "getFile" -> filePaths.containsKey(call.body().getString("file_id"))
          ? ok(new JsonObject().put("file_id", call.body().getString("file_id")).put("file_unique_id", "unique")
              .put("file_size", files.get(filePaths.get(call.body().getString("file_id"))).length())
              .put("file_path", filePaths.get(call.body().getString("file_id"))))
          : error(400, "Bad Request: invalid file_id", null);
      default -> error(404, "Not Found", null);
    };
  }

  private synchronized void serveFile(HttpServerRequest request) {
    String prefix = "/file/bot" + token + "/";
    Buffer bytes = request.path().startsWith(prefix) ? files.get(request.path().substring(prefix.length())) : null;
    if (bytes == null) {
      request.response().setStatusCode(404).end("{\"ok\":false,\"error_code\":404,\"description\":\"Not Found\"}");
      return;
    }
    downloads.add(request.path().substring(prefix.length()));
    request.response().putHeader("Content-Type", "application/octet-stream").end(bytes);
  }

  private JsonObject sentMessage(JsonObject request) {
    JsonObject message = new JsonObject().put("message_id", nextMessageId++)
        .put("from", new JsonObject().put("id", BOT_ID).put("is_bot", true).put("first_name", "Switchboard")
            .put("username", BOT_USERNAME))
        .put("chat", new JsonObject().put("id", request.getValue("chat_id")))
        .put("date", System.currentTimeMillis() / 1000).put("text", request.getValue("text"));
    if (request.containsKey("message_thread_id")) {
      message.put("message_thread_id", request.getValue("message_thread_id")).put("is_topic_message", true);
    }
    return message;
  }

  private static Answer ok(Object result) {
    return new Answer(200, new JsonObject().put("ok", true).put("result", result));
  }

  private void release() {
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter waiter = it.next();
      List<Call> matching = calls.stream().filter(call -> call.method().equals(waiter.method())).toList();
      if (matching.size() >= waiter.count()) {
        it.remove();
        waiter.promise().complete(matching.subList(0, waiter.count()));
      }
    }
  }

  private static void reply(HttpServerRequest request, Answer answer) {
    if (answer.body() == null) {
      return;
    }
    request.response().setStatusCode(answer.status()).putHeader("Content-Type", "application/json")
        .end(answer.body().encode());
  }
}
