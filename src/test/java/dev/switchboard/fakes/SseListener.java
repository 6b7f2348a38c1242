package dev.switchboard.fakes;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Server-Sent Events client for tests, written from the HTML standard's wire format (independently
 * of the bridge's writer): reads {@code id:}, {@code event:}, {@code data:} fields and comment lines
 * from a stream, and queues each event as it completes (a blank line).
 */
public final class SseListener {

  /** One event; {@code data} joins multi-line data with newlines. */
  public record Event(String id, String event, String data) {

    public JsonObject json() {
      return new JsonObject(data);
    }
  }

  private final HttpClient client;
  private final HttpClientResponse response;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
  private final StringBuilder pending = new StringBuilder();
  private volatile boolean ended;

  private SseListener(HttpClient client, HttpClientResponse response) {
    this.client = client;
    this.response = response;
  }

  /** Opens {@code GET path} with these headers (null values are left out); completes on the response head. */
  public static Future<SseListener> open(Vertx vertx, int port, String path, String bearer, String lastEventId) {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions());
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
        .setURI(path);
    if (bearer != null) {
      options.putHeader("Authorization", "Bearer " + bearer);
    }
    if (lastEventId != null) {
      options.putHeader("Last-Event-ID", lastEventId);
    }
    // Sent from one event-loop context, so that the response's head reaches this callback on the
    // thread that reads the connection, before its first chunk: from a test thread, each future may
    // get a context of its own, and a chunk read meanwhile would be dropped unseen.
    Promise<SseListener> opened = Promise.promise();
    vertx.getOrCreateContext().runOnContext(onContext -> client.request(options).compose(request -> request.send())
        .map(response -> {
          SseListener listener = new SseListener(client, response);
          try {
            response.handler(chunk -> listener.read(chunk.toString()));
            response.endHandler(end -> listener.ended = true);
            response.exceptionHandler(failure -> listener.ended = true);
          } catch (IllegalStateException endedAlready) {
            // A short refusal (401, 400) can be read whole before its head reaches this callback.
            listener.ended = true;
          }
          return listener;
        }).onComplete(opened));
    return opened.future();
  }

  public int status() {
    return response.statusCode();
  }

  public String header(String name) {
    return response.getHeader(name);
  }

  /** The next event, or an AssertionError after {@code seconds}. */
  public Event next(long seconds) throws InterruptedException {
    Event event = events.poll(seconds, TimeUnit.SECONDS);
    if (event == null) {
      throw new AssertionError("no event within " + seconds + " s");
    }
    return event;
  }

  /** Skips events until one matches; an AssertionError after {@code seconds} in all. */
  public Event nextMatching(Predicate<Event> wanted, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      long left = deadline - System.nanoTime();
      Event event = events.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
      if (event == null) {
        throw new AssertionError("no matching event within " + seconds + " s");
      }
      if (wanted.test(event)) {
        return event;
      }
    }
  }

  /** Events received and not taken yet. */
  public List<Event> drained() {
    List<Event> all = new ArrayList<>();
    events.drainTo(all);
    return all;
  }

  /** The next comment line's text (after the colon), or an AssertionError after {@code seconds}. */
  public String nextComment(long seconds) throws InterruptedException {
    String comment = comments.poll(seconds, TimeUnit.SECONDS);
    if (comment == null) {
      throw new AssertionError("no comment line within " + seconds + " s");
    }
    return comment;
  }

  public boolean ended() {
    return ended;
  }

  public Future<Void> close() {
    return client.close();
  }

  private synchronized void read(String text) {
    pending.append(text.replace("\r\n", "\n"));
    int end;
    while ((end = pending.indexOf("\n\n")) >= 0) {
      String block = pending.substring(0, end);
      pending.delete(0, end + 2);
      parse(block);
    }
  }

  private void parse(String block) {
    String id = null;
    String event = "message";
    StringBuilder data = null;
    for (String line : block.split("\n", -1)) {
      if (line.startsWith(":")) {
        comments.add(line.substring(1));
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
      switch (field) {
        case "id" -> id = value;
        case "event" -> event = value;
        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        default -> { }
      }
    }
    if (data != null) {
      events.add(new Event(id, event, data.toString()));
    }
  }
}
