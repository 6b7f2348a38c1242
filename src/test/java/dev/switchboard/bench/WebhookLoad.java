package dev.switchboard.bench;

import dev.switchboard.fakes.FakeWhatsAppWebhooks;
import dev.switchboard.it.JarProcess;
import dev.switchboard.store.PostgresServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Signed WhatsApp webhooks at a fixed rate against the jar: how fast the platform gets its 200, and
 * whether every message is answered through the Graph API (one new sender per message, so no two
 * messages join one turn). On the SQLite store, or on a PostgreSQL server started for the run.
 */
final class WebhookLoad {

  static final String APP_SECRET = "bench-app-secret";
  /** The target rate last; the lower ones show where this machine keeps up. */
  static final int[] RATES_PER_SECOND = {500, 1_000, 2_000};
  /** DESIGN §12: 1,000 webhooks/s on PostgreSQL, after a warm-up at 500. */
  static final int[] POSTGRES_RATES_PER_SECOND = {1_000};
  static final long WARMUP_MS = 10_000;
  static final long RUN_MS = 10_000;

  private WebhookLoad() {
  }

  static List<String> measure(Vertx tools, String modelBaseUrl, int port, Path dir) throws Exception {
    return measure(tools, modelBaseUrl, port, dir, "{ path: \"" + dir.resolve("webhooks.db") + "\" }", "",
        RATES_PER_SECOND, 2_000, "p99 ≤ 5 ms");
  }

  /**
   * The same on PostgreSQL: a server of its own, durable as in production ({@code fsync} and
   * {@code synchronous_commit} on), on this machine's loopback.
   */
  static List<String> measureOnPostgres(Vertx tools, String modelBaseUrl, int port, Path dir) throws Exception {
    try (PostgresServer database = PostgresServer.start(true)) {
      return measure(tools, modelBaseUrl, port, dir, "{ url: \"" + database.freshDatabaseUrl() + "\" }",
          " on PostgreSQL", POSTGRES_RATES_PER_SECOND, 1_000, "p99 ≤ 10 ms");
    }
  }

  private static List<String> measure(Vertx tools, String modelBaseUrl, int port, Path dir, String store,
                                      String where, int[] rates, int targetRate, String target) throws Exception {
    GraphApiSink graph = GraphApiSink.start(tools).await();
    Path config = dir.resolve("webhooks.json5");
    Files.writeString(config, """
        { gateway: { port: %d },
          agents: { defaults: { model: "local/fake-model" } },
          models: { mode: "replace", providers: { local: { baseUrl: "%s", api: "openai-responses",
            models: [{ id: "fake-model", contextWindow: 32768, maxTokens: 1024 }] } } },
          channels: { whatsapp: { accessToken: "bench-token", appSecret: "%s", verifyToken: "v",
                                  apiBaseUrl: "%s", dmPolicy: "open" } },
          messages: { rateLimit: { perSenderPerMinute: 100000 } },
          session: { store: %s } }
        """.formatted(port, modelBaseUrl, APP_SECRET, graph.apiBaseUrl(), store));
    AtomicInteger sequence = new AtomicInteger();
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    List<String> rows = new ArrayList<>();
    try (JarProcess bridge = JarProcess.start(Map.of(), "run", "--config", config.toString())) {
      bridge.awaitReady();
      LoadGenerator webhooks = new LoadGenerator(tools, port, "/webhooks/whatsapp", null, 256, () -> {
        String sender = "1555" + (10_000_000 + sequence.incrementAndGet());
        Buffer body = textMessage(sender);
        sentAt.put(sender, System.nanoTime());
        return new LoadGenerator.Payload(body, Map.of("X-Hub-Signature-256",
            FakeWhatsAppWebhooks.signature(body, APP_SECRET)));
      });
      // JIT warm-up at a rate the machine sustains, answered in full before measuring.
      webhooks.openLoop(RATES_PER_SECOND[0], WARMUP_MS).await();
      graph.awaitDeliveries(sequence.get()).timeout(60, java.util.concurrent.TimeUnit.SECONDS).otherwiseEmpty().await();
      for (int rate : rates) {
        int before = sequence.get();
        long failuresBefore = webhooks.failures();
        Latencies acks = webhooks.openLoop(rate, RUN_MS).await();
        int sent = sequence.get() - before;
        Latencies delivery = awaitDeliveries(graph, sentAt, before, sequence.get());
        rows.add(Benchmark.row("webhook ack latency at " + rate + " signed WhatsApp webhooks/s" + where + ", p50 / p99",
            String.format("%.2f / %.2f ms", acks.percentileMs(50), acks.percentileMs(99)),
            rate == targetRate ? target : ""));
        rows.add(Benchmark.row("  answered 200 / sent; replies delivered to the Graph API",
            (sent - (webhooks.failures() - failuresBefore)) + " / " + sent + "; " + delivery.count(), "all, 0 lost"));
        rows.add(Benchmark.row("  webhook to reply at the Graph API", delivery.summary(), ""));
      }
      webhooks.close().await();
      bridge.terminate();
    }
    return rows;
  }

  /** Waits (bounded) for the replies to arrive, then measures webhook-to-reply for each delivered one. */
  private static Latencies awaitDeliveries(GraphApiSink graph, Map<String, Long> sentAt, int from, int to) {
    graph.awaitDeliveries(to).timeout(30, java.util.concurrent.TimeUnit.SECONDS)
        .otherwiseEmpty().await();
    Latencies latencies = new Latencies();
    for (int i = from + 1; i <= to; i++) {
      String sender = "1555" + (10_000_000 + i);
      Long delivered = graph.deliveredAt(sender);
      if (delivered != null) {
        latencies.record(delivered - sentAt.get(sender));
      }
    }
    return latencies;
  }

  static Buffer textMessage(String sender) {
    JsonObject message = new JsonObject().put("from", sender).put("id", "wamid.bench" + sender)
        .put("timestamp", String.valueOf(System.currentTimeMillis() / 1000)).put("type", "text")
        .put("text", new JsonObject().put("body", "Hello, do you open on Sundays?"));
    JsonObject value = new JsonObject().put("messaging_product", "whatsapp")
        .put("metadata", new JsonObject().put("display_phone_number", "15550783881").put("phone_number_id", "106540352242922"))
        .put("contacts", new JsonArray().add(new JsonObject().put("profile", new JsonObject().put("name", "Bench"))
            .put("wa_id", sender)))
        .put("messages", new JsonArray().add(message));
    return new JsonObject().put("object", "whatsapp_business_account").put("entry", new JsonArray()
        .add(new JsonObject().put("id", "102290129340398").put("changes", new JsonArray()
            .add(new JsonObject().put("field", "messages").put("value", value))))).toBuffer();
  }
}
