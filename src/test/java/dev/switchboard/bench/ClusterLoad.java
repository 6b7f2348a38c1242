package dev.switchboard.bench;

import dev.switchboard.fakes.FakeModelBehaviour;
import dev.switchboard.fakes.FakeModelServer;
import dev.switchboard.fakes.FakeWhatsAppWebhooks;
import dev.switchboard.it.ClusterNodes;
import dev.switchboard.store.PostgresServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Signed WhatsApp webhooks spread over 1, 2 and 3 node JVMs on one PostgreSQL: turns/s end to end
 * (webhook in, reply counted at the Graph API), the CPU time the nodes spent per turn, and how long a
 * message waits when the node holding its turn is killed.
 */
final class ClusterLoad {

  private static final int LEASE_SECONDS = 3;
  /**
   * JIT warm-up of every node, at a rate a cold cluster answers, until its compilers have settled: with
   * 100 messages the nodes were measured while C2 still compiled, at about 10 ms of CPU per turn.
   */
  private static final int WARMUP_MESSAGES = 2_000;
  private static final int WARMUP_PER_SECOND = 100;
  private static final int MESSAGES = 3_000;
  /** Above what this machine answers, so that the figure is the cluster's throughput, not the offered rate. */
  private static final int OFFERED_PER_SECOND = 600;
  /** How long the replies may take after the last webhook: those later are reported missing. */
  private static final int REPLY_WAIT_SECONDS = 60;

  private ClusterLoad() {
  }

  static List<String> measure(Vertx tools) throws Exception {
    List<String> rows = new ArrayList<>();
    FakeModelServer model = FakeModelServer.start(tools).await().recording(false).always(Benchmark.instant());
    try (PostgresServer database = PostgresServer.start(true)) {
      for (int size = 1; size <= 3; size++) {
        GraphApiSink graph = GraphApiSink.start(tools).await();
        ClusterNodes cluster = new ClusterNodes(Files.createTempDirectory("switchboard-cluster-bench"),
            "switchboard-bench-" + UUID.randomUUID(), LEASE_SECONDS, database.freshDatabaseUrl(), model.baseUrl(),
            graph.apiBaseUrl(), WebhookLoad.APP_SECRET);
        List<ClusterNodes.Node> nodes = start(cluster, size);
        try {
          AtomicInteger sequence = new AtomicInteger();
          turns(tools, nodes, graph, sequence, WARMUP_MESSAGES, WARMUP_PER_SECOND);
          long[] cpuBefore = nodes.stream().mapToLong(node -> ProcessStats.cpuNanos(node.process().pid())).toArray();
          Turns measured = turns(tools, nodes, graph, sequence, MESSAGES, OFFERED_PER_SECOND);
          long nanos = 0;
          for (int i = 0; i < size; i++) {
            nanos += ProcessStats.cpuNanos(nodes.get(i).process().pid()) - cpuBefore[i];
          }
          rows.add(Benchmark.row(size + " node JVM(s) on one PostgreSQL: turns/s, webhook in to reply at the Graph API",
              String.format("%,.0f", measured.perSecond()), size == 1 ? "" : "see README: projects to separate machines"));
          rows.add(Benchmark.row("  replies at the Graph API within " + REPLY_WAIT_SECONDS + " s of the last webhook / accepted",
              measured.delivered() + " / " + measured.accepted(), "all"));
          rows.add(Benchmark.row("  node CPU time per turn (all nodes' utime+stime / turns)",
              String.format("%.2f ms", nanos / 1e6 / MESSAGES), ""));
          if (size == 3) {
            rows.add(Benchmark.row("failover: node holding a turn killed (SIGKILL) → reply from another node",
                ms(failover(tools, nodes, cluster, model, graph)), "≤ leaseSeconds (" + LEASE_SECONDS + " s) + 5 s"));
          }
        } finally {
          nodes.forEach(node -> node.process().close());
        }
      }
    } finally {
      model.close().await();
    }
    return rows;
  }

  private static List<ClusterNodes.Node> start(ClusterNodes cluster, int size) throws Exception {
    List<ClusterNodes.Node> nodes = new ArrayList<>();
    Path first = cluster.config(List.of());
    nodes.add(ClusterNodes.ready(ClusterNodes.launch(first), first, 120));
    for (int i = 1; i < size; i++) {
      Path config = cluster.config(nodes.stream().map(ClusterNodes.Node::memberAddress).toList());
      nodes.add(ClusterNodes.ready(ClusterNodes.launch(config), config, 120));
    }
    return nodes;
  }

  /** Turns/s from the first send to the last reply, over the replies that came. */
  private record Turns(double perSecond, int delivered, long accepted) {
  }

  /**
   * Sends {@code count} messages at {@code perSecond}, spread evenly over the nodes, and waits at most
   * {@link #REPLY_WAIT_SECONDS} for their replies.
   */
  private static Turns turns(Vertx tools, List<ClusterNodes.Node> nodes, GraphApiSink graph, AtomicInteger sequence,
                              int count, int perSecond) {
    int from = sequence.get();
    int deliveredBefore = graph.deliveries();
    long started = System.nanoTime();
    List<LoadGenerator> generators = new ArrayList<>();
    List<io.vertx.core.Future<Latencies>> sending = new ArrayList<>();
    for (ClusterNodes.Node node : nodes) {
      LoadGenerator webhooks = new LoadGenerator(tools, node.httpPort(), "/webhooks/whatsapp", null, 64, () -> {
        Buffer body = WebhookLoad.textMessage(sender(sequence.incrementAndGet()));
        return new LoadGenerator.Payload(body, Map.of("X-Hub-Signature-256",
            FakeWhatsAppWebhooks.signature(body, WebhookLoad.APP_SECRET)));
      });
      generators.add(webhooks);
      sending.add(webhooks.openLoop(perSecond / nodes.size(), count * 1000L / perSecond));
    }
    io.vertx.core.Future.all(sending).await();
    int to = sequence.get();
    long refused = generators.stream().mapToLong(LoadGenerator::failures).sum();
    graph.awaitDeliveries(deliveredBefore + (int) (to - from - refused)).timeout(REPLY_WAIT_SECONDS, TimeUnit.SECONDS)
        .otherwiseEmpty().await();
    generators.forEach(generator -> generator.close().await());
    long last = started;
    int delivered = 0;
    for (int i = from + 1; i <= to; i++) {
      Long at = graph.deliveredAt(sender(i));
      if (at != null) {
        last = Math.max(last, at);
        delivered++;
      }
    }
    return new Turns(delivered * 1e9 / (last - started), delivered, to - from - refused);
  }

  /** Milliseconds from the SIGKILL of the node holding a turn to that message's reply from another node. */
  private static long failover(Vertx tools, List<ClusterNodes.Node> nodes, ClusterNodes cluster,
                               FakeModelServer model, GraphApiSink graph) throws Exception {
    model.recording(true).next(FakeModelBehaviour.slowFirstToken(120_000, "never seen"));
    int before = model.requests().size();
    String sender = "15559999999";
    Buffer body = WebhookLoad.textMessage(sender);
    int status = FakeWhatsAppWebhooks.post(WebClient.create(tools), nodes.get(0).httpPort(), body,
        WebhookLoad.APP_SECRET).await().statusCode();
    if (status != 200) {
      throw new IllegalStateException("the webhook was refused: " + status);
    }
    awaitTrue(tools, () -> model.requests().size() > before);
    String holder = cluster.owner("whatsapp:wamid.bench" + sender);
    ClusterNodes.Node killed = nodes.stream().filter(node -> node.nodeId().equals(holder)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no node holds the turn: " + holder));
    long killedAt = System.nanoTime();
    killed.process().kill();
    awaitTrue(tools, () -> graph.deliveredAt(sender) != null);
    return TimeUnit.NANOSECONDS.toMillis(graph.deliveredAt(sender) - killedAt);
  }

  private static void awaitTrue(Vertx tools, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not within 120 s");
      }
      tools.timer(20).await();
    }
  }

  private static String sender(int i) {
    return "1556" + (10_000_000 + i);
  }

  private static String ms(long millis) {
    return String.format("%,d ms", millis);
  }
}
