package dev.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal WhatsApp Graph API for load: accepts sends and read receipts, and notes when each
 * recipient's reply arrived. Lighter than the test fake, which keeps every request.
 */
final class GraphApiSink {

  private static final String SENT = new JsonObject().put("messaging_product", "whatsapp")
      .put("messages", new io.vertx.core.json.JsonArray().add(new JsonObject().put("id", "wamid.sink"))).encode();
  private static final String READ = new JsonObject().put("success", true).encode();

  private final Map<String, Long> deliveredAt = new ConcurrentHashMap<>();
  private final AtomicLong readReceipts = new AtomicLong();
  private volatile io.vertx.core.Promise<Void> allDelivered = io.vertx.core.Promise.promise();
  private volatile int expected = Integer.MAX_VALUE;
  private HttpServer server;

  static Future<GraphApiSink> start(Vertx vertx) {
    GraphApiSink sink = new GraphApiSink();
    return vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      JsonObject json = body.toJsonObject();
      if ("read".equals(json.getString("status"))) {
        sink.readReceipts.incrementAndGet();
        request.response().putHeader("Content-Type", "application/json").end(READ);
      } else {
        sink.deliveredAt.putIfAbsent(json.getString("to", json.getString("recipient", "")), System.nanoTime());
        if (sink.deliveredAt.size() >= sink.expected) {
          sink.allDelivered.tryComplete();
        }
        request.response().putHeader("Content-Type", "application/json").end(SENT);
      }
    })).listen(0, "127.0.0.1").map(listening -> {
      sink.server = listening;
      return sink;
    });
  }

  String apiBaseUrl() {
    return "http://127.0.0.1:" + server.actualPort() + "/v23.0";
  }

  /** When the reply to this recipient arrived (System.nanoTime), or null. */
  Long deliveredAt(String recipient) {
    return deliveredAt.get(recipient);
  }

  /** Completes once this many recipients got their reply. */
  Future<Void> awaitDeliveries(int count) {
    io.vertx.core.Promise<Void> waiting = io.vertx.core.Promise.promise();
    allDelivered = waiting;
    expected = count;
    if (deliveredAt.size() >= count) {
      waiting.tryComplete();
    }
    return waiting.future();
  }

  int deliveries() {
    return deliveredAt.size();
  }

  long readReceipts() {
    return readReceipts.get();
  }
}
