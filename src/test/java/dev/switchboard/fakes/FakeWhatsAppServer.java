package dev.switchboard.fakes;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake WhatsApp Graph API on 127.0.0.1: {@code POST /v23.0/{phone_number_id}/messages} (texts and
 * read receipts), {@code GET /v23.0/{phone_number_id}}, and media: {@code GET /v23.0/{media-id}} gives a
 * short-lived URL on {@code /media/{media-id}}, which serves the bytes (both need the token). It checks the bearer token and the basics
 * Meta checks ({@code messaging_product}, body at most 4096 characters), records every request, and
 * can be scripted to fail the next sends with Graph errors or to never answer.
 */
public final class FakeWhatsAppServer {

  public static final String VERSION = "v23.0";
  public static final String PHONE_NUMBER_ID = "106540352242922";

  /** One request as received; {@code body} is null when it had none or it was not JSON. */
  public record Recorded(HttpMethod method, String path, MultiMap headers, JsonObject body) {

    /** A text (or other) message send, as opposed to a read receipt. */
    public boolean isSend() {
      return body != null && body.containsKey("type");
    }

    public boolean isReadReceipt() {
      return body != null && "read".equals(body.getString("status"));
    }
  }

  private record Waiter(int count, Promise<List<Recorded>> promise) {
  }

  private final List<Waiter> sendWaiters = new ArrayList<>();

  private final String accessToken;
  private final List<Recorded> requests = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private final Deque<JsonObject> scriptedSendErrors = new ArrayDeque<>();
  private final AtomicInteger nextWamid = new AtomicInteger();
  private final Map<String, Media> media = new HashMap<>();
  private int expiredDownloads;
  private boolean holdingSends;
  private final List<Runnable> heldSends = new ArrayList<>();
  private int mostSendsHeld;
  /** The connections held sends came on: a client opens as many as its pool allows when requests wait. */
  private final Set<HttpConnection> sendConnections = Collections.newSetFromMap(new IdentityHashMap<>());

  /** A file users may have sent; {@code announceSize} false leaves file_size out and streams it chunked. */
  private record Media(String mimeType, Buffer bytes, boolean announceSize) {
  }
  private HttpServer server;

  private FakeWhatsAppServer(String accessToken) {
    this.accessToken = accessToken;
  }

  /** Starts on a free port; requests must carry {@code Authorization: Bearer <accessToken>}. */
  public static Future<FakeWhatsAppServer> start(Vertx vertx, String accessToken) {
    FakeWhatsAppServer fake = new FakeWhatsAppServer(accessToken);
    return vertx.createHttpServer().requestHandler(fake::handle).listen(0, "127.0.0.1")
        .map(server -> {
          fake.server = server;
          return fake;
        });
  }

  /** What {@code channels.whatsapp.apiBaseUrl} should be. */
  public String apiBaseUrl() {
    return "http://127.0.0.1:" + server.actualPort() + "/" + VERSION;
  }

  /** The next {@code count} message sends fail with this Graph error (read receipts are not affected). */
  public synchronized FakeWhatsAppServer failNextSends(int count, int httpStatus, int code) {
    for (int i = 0; i < count; i++) {
      scriptedSendErrors.add(new JsonObject().put("status", httpStatus).put("code", code));
    }
    return this;
  }

  /** The next message send fails with this Graph error, marked {@code is_transient} as Meta does for passing trouble. */
  public synchronized FakeWhatsAppServer failNextSendTransiently(int httpStatus, int code) {
    scriptedSendErrors.add(new JsonObject().put("status", httpStatus).put("code", code).put("transient", true));
    return this;
  }

  /** From now on, message sends are recorded and left unanswered until {@link #releaseSends()}. */
  public synchronized FakeWhatsAppServer holdSends() {
    holdingSends = true;
    return this;
  }

  /** Answers the held sends and stops holding. */
  public void releaseSends() {
    List<Runnable> answers;
    synchronized (this) {
      holdingSends = false;
      answers = List.copyOf(heldSends);
      heldSends.clear();
    }
    answers.forEach(Runnable::run);
  }

  /** The most sends held unanswered at once: how many the client had in flight together. */
  public synchronized int mostSendsHeld() {
    return mostSendsHeld;
  }

  /** How many connections the held sends came on: the size of the client's pool once it was full. */
  public synchronized int sendConnections() {
    return sendConnections.size();
  }

  /** The next message send is recorded and never answered, as when a response is lost. */
  public synchronized FakeWhatsAppServer hangNextSend() {
    scriptedSendErrors.add(new JsonObject().put("hang", true));
    return this;
  }

  /** Serves {@code bytes} as the media {@code id}, with its size announced in the lookup and the download. */
  public synchronized FakeWhatsAppServer media(String id, String mimeType, Buffer bytes) {
    media.put(id, new Media(mimeType, bytes, true));
    return this;
  }

  /** Serves the media without saying how large it is: no file_size, no Content-Length (chunked). */
  public synchronized FakeWhatsAppServer mediaOfUnannouncedSize(String id, String mimeType, Buffer bytes) {
    media.put(id, new Media(mimeType, bytes, false));
    return this;
  }

  /** The next {@code count} downloads answer 404 with an HTML page, as an expired lookaside URL may. */
  public synchronized FakeWhatsAppServer expireNextDownloads(int count) {
    expiredDownloads += count;
    return this;
  }

  /** The media lookups and downloads that reached the fake, in order. */
  public synchronized List<Recorded> mediaRequests() {
    return requests.stream().filter(r -> r.method() == HttpMethod.GET && !r.path().endsWith(PHONE_NUMBER_ID)).toList();
  }

  public synchronized List<Recorded> requests() {
    return List.copyOf(requests);
  }

  public synchronized List<Recorded> sends() {
    return requests.stream().filter(Recorded::isSend).toList();
  }

  /** Completes once at least {@code count} requests arrived, with all of them. */
  public synchronized Future<List<Recorded>> awaitRequests(int count) {
    if (requests.size() >= count) {
      return Future.succeededFuture(List.copyOf(requests));
    }
    Promise<List<Recorded>> promise = Promise.promise();
    waiters.add(new Waiter(count, promise));
    return promise.future();
  }

  /** Completes once at least {@code count} message sends arrived, with the first {@code count} of them. */
  public synchronized Future<List<Recorded>> awaitSends(int count) {
    Promise<List<Recorded>> promise = Promise.promise();
    sendWaiters.add(new Waiter(count, promise));
    wakeSendWaiters();
    return promise.future();
  }

  private void wakeSendWaiters() {
    List<Recorded> sends = sends();
    List<Waiter> done = sendWaiters.stream().filter(w -> sends.size() >= w.count()).toList();
    sendWaiters.removeAll(done);
    done.forEach(w -> w.promise().complete(sends.subList(0, w.count())));
  }

  public Future<Void> close() {
    return server.close();
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(buffer -> {
      JsonObject body = null;
      try {
        body = buffer.length() == 0 ? null : buffer.toJsonObject();
      } catch (RuntimeException notJson) {
        // recorded without a body; answered as Graph answers unreadable parameters
      }
      Recorded recorded = new Recorded(request.method(), request.path(), MultiMap.caseInsensitiveMultiMap()
          .addAll(request.headers()), body);
      JsonObject script;
      synchronized (this) {
        script = record(recorded);
        if (holdingSends && recorded.isSend()) {
          // Held in the same step as recorded: a test that saw N sends arrive sees N held.
          sendConnections.add(request.connection());
          heldSends.add(() -> answer(request, recorded, script));
          mostSendsHeld = Math.max(mostSendsHeld, heldSends.size());
          return;
        }
      }
      answer(request, recorded, script);
    });
  }

  private synchronized JsonObject record(Recorded recorded) {
    requests.add(recorded);
    JsonObject script = recorded.isSend() ? scriptedSendErrors.poll() : null;
    List<Waiter> done = waiters.stream().filter(w -> requests.size() >= w.count()).toList();
    waiters.removeAll(done);
    List<Recorded> snapshot = List.copyOf(requests);
    done.forEach(w -> w.promise().complete(snapshot));
    wakeSendWaiters();
    return script;
  }

  private void answer(HttpServerRequest request, Recorded recorded, JsonObject script) {
    String messagesPath = "/" + VERSION + "/" + PHONE_NUMBER_ID + "/messages";
    String phonePath = "/" + VERSION + "/" + PHONE_NUMBER_ID;
    if (!("Bearer " + accessToken).equals(request.getHeader("Authorization"))) {
      error(request, 401, 190, "Error validating access token: Session has expired.", null);
    } else if (script != null && script.getBoolean("hang", false)) {
      return;
    } else if (script != null) {
      String[] text = describe(script.getInteger("code"));
      JsonObject error = error(script.getInteger("code"), text[0], text[1]);
      if (script.getBoolean("transient", false)) {
        error.put("is_transient", true);
      }
      json(request, script.getInteger("status"), new JsonObject().put("error", error));
    } else if (request.method() == HttpMethod.GET && request.path().equals(phonePath)) {
      json(request, 200, new JsonObject().put("id", PHONE_NUMBER_ID).put("display_phone_number", "+1 555-078-3881")
          .put("verified_name", "Switchboard Test").put("quality_rating", "GREEN"));
    } else if (request.method() == HttpMethod.POST && request.path().equals(messagesPath)) {
      messages(request, recorded.body());
    } else if (request.method() == HttpMethod.GET && request.path().startsWith("/media/")) {
      download(request, request.path().substring("/media/".length()));
    } else if (request.method() == HttpMethod.GET && mediaOf(request.path().substring(VERSION.length() + 2)) != null) {
      lookup(request, request.path().substring(VERSION.length() + 2));
    } else {
      error(request, 400, 100, "Unsupported request - method type: " + request.method().name().toLowerCase(), null);
    }
  }

  private synchronized Media mediaOf(String id) {
    return media.get(id);
  }

  private synchronized boolean expireDownload() {
    if (expiredDownloads == 0) {
      return false;
    }
    expiredDownloads--;
    return true;
  }

  private void lookup(HttpServerRequest request, String id) {
    Media file = mediaOf(id);
    JsonObject answer = new JsonObject().put("messaging_product", "whatsapp")
        .put("url", "http://127.0.0.1:" + server.actualPort() + "/media/" + id + "?ext=" + System.currentTimeMillis())
        .put("mime_type", file.mimeType()).put("sha256", "not-checked").put("id", id);
    if (file.announceSize()) {
      answer.put("file_size", file.bytes().length());
    }
    json(request, 200, answer);
  }

  private void download(HttpServerRequest request, String id) {
    Media file = mediaOf(id);
    if (file == null || expireDownload()) {
      request.response().setStatusCode(404).putHeader("Content-Type", "text/html").end("<html>Not found</html>");
      return;
    }
    request.response().putHeader("Content-Type", file.mimeType());
    if (file.announceSize()) {
      request.response().end(file.bytes());
      return;
    }
    request.response().setChunked(true);
    int chunk = 64 * 1024;
    for (int at = 0; at < file.bytes().length(); at += chunk) {
      request.response().write(file.bytes().getBuffer(at, Math.min(file.bytes().length(), at + chunk)));
    }
    request.response().end();
  }

  private void messages(HttpServerRequest request, JsonObject body) {
    if (body == null || !"whatsapp".equals(body.getString("messaging_product"))) {
      error(request, 400, 100, "(#100) The parameter messaging_product is required.", null);
    } else if ("read".equals(body.getString("status"))) {
      json(request, 200, new JsonObject().put("success", true));
    } else if ("text".equals(body.getString("type")) && !validText(body.getJsonObject("text"))) {
      error(request, 400, 100, "(#100) Param text['body'] must be at most 4096 characters long.", null);
    } else {
      String to = body.getString("to", body.getString("recipient"));
      json(request, 200, new JsonObject().put("messaging_product", "whatsapp")
          .put("contacts", new JsonArray().add(new JsonObject().put("input", to).put("wa_id", to)))
          .put("messages", new JsonArray().add(new JsonObject().put("id", "wamid.FAKE" + nextWamid.incrementAndGet()))));
    }
  }

  private static boolean validText(JsonObject text) {
    return text != null && text.getValue("body") instanceof String body && !body.isEmpty() && body.length() <= 4096;
  }

  /** Graph's message and {@code error_data.details} for the codes tests inject. */
  private static String[] describe(int code) {
    switch (code) {
      case 130429: return new String[] {"(#130429) Rate limit hit", "Cloud API message throughput has been reached."};
      case 131056: return new String[] {"(#131056) (Business Account, Consumer Account) pair rate limit hit",
          "Message failed to send because there were too many messages sent from this phone number to the same "
              + "phone number in a short period of time."};
      case 131047: return new String[] {"(#131047) Re-engagement message", "Message failed to send because more than "
          + "24 hours have passed since the customer last replied to this number."};
      case 131000: return new String[] {"(#131000) Something went wrong",
          "Message failed to send due to an unknown error."};
      default: return new String[] {"(#" + code + ") Error", "Injected by the test."};
    }
  }

  private static void error(HttpServerRequest request, int status, int code, String message, String details) {
    json(request, status, new JsonObject().put("error", error(code, message, details)));
  }

  private static JsonObject error(int code, String message, String details) {
    JsonObject error = new JsonObject().put("message", message).put("type", "OAuthException").put("code", code)
        .put("fbtrace_id", "AbCdEfGhIjKlMnOpQrStUvW");
    if (details != null) {
      error.put("error_data", new JsonObject().put("messaging_product", "whatsapp").put("details", details));
    }
    return error;
  }

  private static void json(HttpServerRequest request, int status, JsonObject body) {
    request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
