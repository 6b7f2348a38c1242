package dev.switchboard.bench;

import dev.switchboard.it.FreePort;
import dev.switchboard.fakes.FakeWhatsAppWebhooks;
import dev.switchboard.it.JarProcess;
import dev.switchboard.store.PostgresServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Signed WhatsApp webhooks at a fixed rate against the jar: how fast the platform gets its 200, and
 * whether every message is answered through the Graph API (one new sender per message, so no two
 * messages join one turn). A second bridge, the same but with the journal write left out, shows the
 * journal's share of the ack; both log their GC pauses.
 */
final class WebhookLoad {

  static final String APP_SECRET = "bench-app-secret";
  /** The target rate last; the lower ones show where this machine keeps up. */
  static final int[] RATES_PER_SECOND = {500, 1_000, 2_000};
  /** DESIGN §12: 1,000 webhooks/s on PostgreSQL; 500 first shows where this machine keeps up. */
  static final int[] POSTGRES_RATES_PER_SECOND = {500, 1_000};
  static final int POSTGRES_TARGET_RATE = 1_000;
  /**
   * A cold bridge on PostgreSQL answers about 550 messages/s here while its JIT compilers take a core
   * (C2 stays busy for 25 s and more); at 250/s their queue empties after about 30 s
   * ({@code -XX:+LogCompilation}). Measuring before that measures the compiler, not the bridge.
   */
  static final int POSTGRES_WARMUP_RATE = 250;
  static final long POSTGRES_WARMUP_MS = 30_000;
  static final long WARMUP_MS = 20_000;
  static final long RUN_MS = 10_000;
  static final int TARGET_RATE = 2_000;
  static final int SHARE_ROUNDS = 3;
  /** Business numbers the load is spread over: at 2,000 webhooks/s, 20 messages a second each. */
  static final int BUSINESS_NUMBERS = 100;

  private WebhookLoad() {
  }

  static List<String> measure(Vertx tools, String modelBaseUrl, int port, Path dir) throws Exception {
    GraphApiSink graph = GraphApiSink.start(tools).await();
    AtomicInteger sequence = new AtomicInteger();
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    List<String> rows = new ArrayList<>();
    Path gcOn = dir.resolve("gc-store-on.log");
    Path gcOff = dir.resolve("gc-journal-off.log");
    int portOff = FreePort.any();
    try (JarProcess storeOn = start(port, config(dir, "on", port, modelBaseUrl, graph), gcOn, false);
         JarProcess journalOff = start(portOff, config(dir, "off", portOff, modelBaseUrl, graph), gcOff, true)) {
      LoadGenerator on = load(tools, port, sequence, sentAt);
      LoadGenerator off = load(tools, portOff, sequence, sentAt);
      for (LoadGenerator webhooks : List.of(on, off)) {
        warmUp(webhooks, graph, sequence, RATES_PER_SECOND[0], WARMUP_MS, TARGET_RATE);
      }
      double onSince = uptimeSeconds(storeOn);
      double offSince = uptimeSeconds(journalOff);
      for (int rate : RATES_PER_SECOND) {
        int logFrom = storeOn.logLines().size();
        int before = sequence.get();
        CpuShares cpu = new CpuShares().of("bridge", () -> ProcessStats.cpuNanos(storeOn.pid())).withThisJvm().start();
        rows.addAll(rateRows(on, rate, ", store on", graph, sequence, sentAt, rate == TARGET_RATE ? "p99 ≤ 5 ms" : ""));
        rows.add(cpuRow(cpu, sequence.get() - before));
        List<String> log = storeOn.logLines();
        String store = StoreTimings.summary(log.subList(logFrom, log.size()));
        if (store != null) {
          rows.add(Benchmark.row("  store group commits meanwhile", store, ""));
        }
      }
      // The journal's share: the same load, alternately with and without the journal write.
      Spread withJournal = new Spread();
      Spread withoutJournal = new Spread();
      for (int round = 0; round < SHARE_ROUNDS; round++) {
        withJournal.add(on.openLoop(TARGET_RATE, RUN_MS).await().percentileMs(99));
        withoutJournal.add(off.openLoop(TARGET_RATE, RUN_MS).await().percentileMs(99));
      }
      graph.awaitDeliveries(sequence.get()).timeout(60, TimeUnit.SECONDS).otherwiseEmpty().await();
      rows.add(Benchmark.row("ack p99 at " + TARGET_RATE + "/s: store on / journal write left out (bench-only switch),"
              + " alternating, median of " + SHARE_ROUNDS + " rounds (range)",
          withJournal.format(WebhookLoad::millis) + " / " + withoutJournal.format(WebhookLoad::millis), ""));
      rows.add(Benchmark.row("  failed acks: store on / journal left out", on.failures() + " / " + off.failures(), "0"));
      on.close().await();
      off.close().await();
      storeOn.terminate();
      journalOff.terminate();
      rows.add(Benchmark.row("  GC pauses while measured: store on", GcLog.summary(gcOn, onSince), ""));
      rows.add(Benchmark.row("  GC pauses while measured: journal left out", GcLog.summary(gcOff, offSince), ""));
    }
    return rows;
  }

  /**
   * The same on PostgreSQL: a server of its own, durable as in production ({@code fsync} and
   * {@code synchronous_commit} on), on this machine's loopback.
   */
  static List<String> measureOnPostgres(Vertx tools, String modelBaseUrl, int port, Path dir) throws Exception {
    try (PostgresServer database = PostgresServer.start(true)) {
      GraphApiSink graph = GraphApiSink.start(tools).await();
      AtomicInteger sequence = new AtomicInteger();
      Map<String, Long> sentAt = new ConcurrentHashMap<>();
      Path config = config(dir, "postgres", port, modelBaseUrl, graph,
          "{ url: \"" + database.freshDatabaseUrl() + "\" }");
      List<String> rows = new ArrayList<>();
      try (JarProcess bridge = start(port, config, dir.resolve("gc-postgres.log"), false)) {
        LoadGenerator webhooks = load(tools, port, sequence, sentAt);
        warmUp(webhooks, graph, sequence, POSTGRES_WARMUP_RATE, POSTGRES_WARMUP_MS, POSTGRES_TARGET_RATE);
        for (int rate : POSTGRES_RATES_PER_SECOND) {
          int logFrom = bridge.logLines().size();
          int before = sequence.get();
          CpuShares cpu = new CpuShares().of("bridge", () -> ProcessStats.cpuNanos(bridge.pid()))
              .of("PostgreSQL", () -> ProcessStats.cpuNanosWithChildren(database.pid())).withThisJvm().start();
          rows.addAll(rateRows(webhooks, rate, " on PostgreSQL", graph, sequence, sentAt,
              rate == POSTGRES_TARGET_RATE ? "p99 ≤ 10 ms" : ""));
          rows.add(cpuRow(cpu, sequence.get() - before));
          List<String> log = bridge.logLines();
          String store = StoreTimings.summary(log.subList(logFrom, log.size()));
          if (store != null) {
            rows.add(Benchmark.row("  store group commits meanwhile", store, ""));
          }
        }
        webhooks.close().await();
        bridge.terminate();
      }
      return rows;
    }
  }

  /**
   * JIT warm-up: first at a rate the cold bridge sustains, until its compilers have settled, then once
   * at the target rate, unmeasured, for the paths only that rate makes hot (larger group commits,
   * fuller pools); with the second phase left out, C2 compiled for seconds into the measured runs
   * ({@code -XX:+LogCompilation}). Each phase is answered in full before the next.
   */
  private static void warmUp(LoadGenerator webhooks, GraphApiSink graph, AtomicInteger sequence, int rate,
                             long ms, int targetRate) {
    webhooks.openLoop(rate, ms).await();
    graph.awaitDeliveries(sequence.get()).timeout(60, TimeUnit.SECONDS).otherwiseEmpty().await();
    webhooks.openLoop(targetRate, RUN_MS).await();
    graph.awaitDeliveries(sequence.get()).timeout(60, TimeUnit.SECONDS).otherwiseEmpty().await();
  }

  private static String cpuRow(CpuShares cpu, int messages) {
    return Benchmark.row("  CPU per message meanwhile (sending, answering, delivering)", cpu.perMessage(messages), "");
  }

  private static List<String> rateRows(LoadGenerator webhooks, int rate, String where, GraphApiSink graph,
                                       AtomicInteger sequence, Map<String, Long> sentAt, String target) {
    int before = sequence.get();
    long failuresBefore = webhooks.failures();
    Latencies acks = webhooks.openLoop(rate, RUN_MS).await();
    int sent = sequence.get() - before;
    Latencies delivery = awaitDeliveries(graph, sentAt, before, sequence.get());
    return List.of(
        Benchmark.row("webhook ack latency at " + rate + " signed WhatsApp webhooks/s" + where + ", p50 / p99",
            String.format("%.2f / %.2f ms", acks.percentileMs(50), acks.percentileMs(99)), target),
        Benchmark.row("  answered 200 / sent; replies delivered to the Graph API",
            (sent - (webhooks.failures() - failuresBefore)) + " / " + sent + "; " + delivery.count(), "all, 0 lost"),
        Benchmark.row("  webhook to reply at the Graph API", delivery.summary(), ""));
  }

  private static JarProcess start(int port, Path config, Path gcLog, boolean journalOff) throws Exception {
    List<String> flags = new ArrayList<>(RunFlags.BRIDGE);
    flags.add(GcLog.flag(gcLog));
    if (journalOff) {
      flags.add("-Dswitchboard.bench.journalOff=true");
    }
    JarProcess bridge = JarProcess.start(flags, Map.of(), "run", "--config", config.toString());
    bridge.awaitReady();
    return bridge;
  }

  private static Path config(Path dir, String name, int port, String modelBaseUrl, GraphApiSink graph) throws Exception {
    return config(dir, name, port, modelBaseUrl, graph, "{ path: \"" + dir.resolve("webhooks-" + name + ".db") + "\" }");
  }

  private static Path config(Path dir, String name, int port, String modelBaseUrl, GraphApiSink graph, String store)
      throws Exception {
    Path config = dir.resolve("webhooks-" + name + ".json5");
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
    return config;
  }

  /** Signed webhooks, each from a new sender, so that no two messages join one turn. */
  private static LoadGenerator load(Vertx tools, int port, AtomicInteger sequence, Map<String, Long> sentAt) {
    return new LoadGenerator(tools, port, "/webhooks/whatsapp", null, 256, () -> {
      String sender = "1555" + (10_000_000 + sequence.incrementAndGet());
      Buffer body = textMessage(sender);
      sentAt.put(sender, System.nanoTime());
      return new LoadGenerator.Payload(body, Map.of("X-Hub-Signature-256",
          FakeWhatsAppWebhooks.signature(body, APP_SECRET)));
    });
  }

  /** The bridge JVM's age now, in seconds, to match its GC log's uptime stamps. */
  private static double uptimeSeconds(JarProcess bridge) {
    Instant started = ProcessHandle.of(bridge.pid()).flatMap(handle -> handle.info().startInstant()).orElseThrow();
    return Duration.between(started, Instant.now()).toMillis() / 1000.0;
  }

  private static String millis(double value) {
    return String.format("%.2f ms", value);
  }

  /** Waits (bounded) for the replies to arrive, then measures webhook-to-reply for each delivered one. */
  private static Latencies awaitDeliveries(GraphApiSink graph, Map<String, Long> sentAt, int from, int to) {
    graph.awaitDeliveries(to).timeout(30, TimeUnit.SECONDS)
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

  /**
   * A webhook to one of {@link #BUSINESS_NUMBERS} business numbers, chosen by the sender's last digits.
   * Meta lets one number carry 80 messages a second (inbound and outbound together, 1,000 once
   * upgraded), and the bridge paces its replies to that: thousands of webhooks a second only happen
   * across many numbers, so the load is spread as a business with that traffic would spread it.
   */
  static Buffer textMessage(String sender) {
    JsonObject message = new JsonObject().put("from", sender).put("id", "wamid.bench" + sender)
        .put("timestamp", String.valueOf(System.currentTimeMillis() / 1000)).put("type", "text")
        .put("text", new JsonObject().put("body", "Hello, do you open on Sundays?"));
    JsonObject value = new JsonObject().put("messaging_product", "whatsapp")
        .put("metadata", new JsonObject().put("display_phone_number", "15550783881").put("phone_number_id", businessNumber(sender)))
        .put("contacts", new JsonArray().add(new JsonObject().put("profile", new JsonObject().put("name", "Bench"))
            .put("wa_id", sender)))
        .put("messages", new JsonArray().add(message));
    return new JsonObject().put("object", "whatsapp_business_account").put("entry", new JsonArray()
        .add(new JsonObject().put("id", "102290129340398").put("changes", new JsonArray()
            .add(new JsonObject().put("field", "messages").put("value", value))))).toBuffer();
  }

  private static String businessNumber(String sender) {
    int last = Integer.parseInt(sender.substring(sender.length() - 2)) % BUSINESS_NUMBERS;
    return "1065403522429" + String.format("%02d", last);
  }
}
