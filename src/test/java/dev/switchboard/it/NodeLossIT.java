package dev.switchboard.it;

import dev.switchboard.fakes.FakeModelBehaviour;
import dev.switchboard.fakes.FakeModelServer;
import dev.switchboard.fakes.FakeWhatsAppServer;
import dev.switchboard.fakes.FakeWhatsAppWebhooks;
import dev.switchboard.it.ClusterNodes.Node;
import dev.switchboard.store.PostgresServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three node JVMs (the fat jar, {@code run} with the cluster on, TCP-IP join on 127.0.0.1) on one real
 * PostgreSQL, with the WhatsApp channel on each. A node killed with SIGKILL in the middle of a turn:
 * another node answers within {@code leaseSeconds} + 5 s, once. A node paused (SIGSTOP) in the middle
 * of a turn and woken (SIGCONT) after its lease ran out and another node answered: no second answer.
 * A rolling restart (each node in turn SIGTERMed and started again on its config) while signed webhooks
 * keep arriving through a {@link WebhookBalancer}: every accepted message answered once, none twice, and
 * asked of the model once (a SIGTERMed node drains). A node SIGTERMed while its turn waits for the model,
 * with a drain shorter than the turn: it gives the claim back, and another node answers well before the
 * claim's lease would have run out.
 * Only what the fake WhatsApp and the fake model received is asserted; the database is read only to
 * learn which node holds the turn, so that the test stops that one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class NodeLossIT {

  private static final int LEASE_SECONDS = 4;
  /** Hazelcast members joining on a busy 2-core machine can take a while. */
  private static final int START_SECONDS = 120;
  private static final String APP_SECRET = "node-loss-secret";
  private static final String ANSWER = "Answered after all.";

  static Vertx tools;
  static PostgresServer database;
  static FakeModelServer model;
  static FakeWhatsAppServer graph;
  static ClusterNodes cluster;
  static final Map<String, Node> nodes = new LinkedHashMap<>();
  /** Every JVM started, so that none outlives the test, whatever failed. */
  static final List<JarProcess> started = new ArrayList<>();

  @BeforeAll
  // A class-level @Timeout does not reach lifecycle methods: three node JVMs start one after another.
  @Timeout(value = 3 * START_SECONDS + 60, unit = TimeUnit.SECONDS)
  static void startThreeNodes() throws Exception {
    database = PostgresServer.start();
    tools = Vertx.vertx();
    model = FakeModelServer.start(tools).await().always(FakeModelBehaviour.reply(ANSWER));
    graph = FakeWhatsAppServer.start(tools, "wa-token").await();
    cluster = new ClusterNodes(Files.createTempDirectory("switchboard-node-loss"),
        "switchboard-it-" + UUID.randomUUID(), LEASE_SECONDS, database.freshDatabaseUrl(), model.baseUrl(),
        graph.apiBaseUrl(), APP_SECRET);
    start(cluster.config(List.of()));
    List<String> seed = liveMembers();
    List<Path> configs = List.of(cluster.config(seed), cluster.config(seed));
    List<JarProcess> others = new ArrayList<>();
    for (Path config : configs) {
      others.add(launch(config));
    }
    for (int i = 0; i < others.size(); i++) {
      Node node = ClusterNodes.ready(others.get(i), configs.get(i), START_SECONDS);
      nodes.put(node.nodeId(), node);
    }
  }

  private static JarProcess launch(Path config) throws Exception {
    JarProcess process = ClusterNodes.launch(config);
    started.add(process);
    return process;
  }

  private static Node start(Path config) throws Exception {
    Node node = ClusterNodes.ready(launch(config), config, START_SECONDS);
    nodes.put(node.nodeId(), node);
    return node;
  }

  /** The member addresses of the nodes running now, for a node that joins them. */
  private static List<String> liveMembers() {
    return nodes.values().stream().map(Node::memberAddress).toList();
  }

  @AfterAll
  static void stop() {
    started.forEach(JarProcess::close);
    if (tools != null) {
      tools.close().await();
    }
    if (database != null) {
      database.close();
    }
  }

  @Test
  @Order(1)
  void aNodeKilledMidTurnIsReplacedWithinTheLeaseAndTheMessageAnsweredOnce() throws Exception {
    model.next(FakeModelBehaviour.slowFirstToken(120_000, "never seen"));
    int before = model.requests().size();
    Node entry = nodes.values().iterator().next();
    assertEquals(200, post(entry.httpPort(), message("wamid.killed", "16505550001")));
    await(() -> model.requests().size() > before, "the turn reached the model");

    Node holder = nodes.get(cluster.owner("whatsapp:wamid.killed"));
    assertNotNull(holder, "the turn is held by one of the nodes");
    long killedAt = System.nanoTime();
    holder.process().kill();
    nodes.remove(holder.nodeId());

    await(() -> answers("16505550001") >= 1, "another node answered");
    long takeoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
    assertTrue(takeoverMs <= (LEASE_SECONDS + 5) * 1000L, "answered " + takeoverMs + " ms after the kill");
    tools.timer(2 * LEASE_SECONDS * 1000L).await();
    assertEquals(1, answers("16505550001"), "answered exactly once");
  }

  @Test
  @Order(2)
  void aNodePausedPastItsLeaseCannotSendASecondAnswer() throws Exception {
    model.next(FakeModelBehaviour.slowFirstToken(LEASE_SECONDS * 1000L + 6_000, "the paused node's answer"));
    int before = model.requests().size();
    Node entry = nodes.values().iterator().next();
    assertEquals(200, post(entry.httpPort(), message("wamid.paused", "16505550002")));
    await(() -> model.requests().size() > before, "the turn reached the model");

    Node holder = nodes.get(cluster.owner("whatsapp:wamid.paused"));
    assertNotNull(holder, "the turn is held by one of the nodes");
    signal("STOP", holder);
    await(() -> answers("16505550002") >= 1, "another node answered");
    signal("CONT", holder);

    // The paused node's model answer arrives after its wake-up; it must be refused by the database.
    tools.timer(10_000).await();
    assertEquals(1, answers("16505550002"), "no second answer");
    assertEquals(0, graph.sends().stream().filter(send -> send.body().encode().contains("the paused node's answer"))
        .count());
  }

  @Test
  @Order(3)
  @Timeout(value = 600, unit = TimeUnit.SECONDS)
  void aRollingRestartUnderLoadAnswersEveryAcceptedMessageOnce() throws Exception {
    model.always(FakeModelBehaviour.reply(ANSWER));
    while (nodes.size() < 3) {
      start(cluster.config(liveMembers()));
    }
    WebhookBalancer balancer = new WebhookBalancer(WebClient.create(tools), APP_SECRET);
    nodes.values().forEach(node -> balancer.add(node.httpPort()));
    AtomicBoolean restarting = new AtomicBoolean(true);
    List<Integer> accepted = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> meta = CompletableFuture.runAsync(() -> {
      for (int i = 0; i < ROLLING_MESSAGES_MAX && (restarting.get() || i < ROLLING_MESSAGES_MIN); i++) {
        try {
          if (balancer.deliver(message("wamid.rolling." + i, rollingSender(i), rollingText(i)), 60)) {
            accepted.add(i);
          }
          Thread.sleep(ROLLING_PACE_MS); // the pace of the traffic, not a synchronisation
        } catch (InterruptedException stop) {
          return;
        }
      }
    });

    for (Node node : List.copyOf(nodes.values())) {
      balancer.remove(node.httpPort());
      nodes.remove(node.nodeId());
      assertTrue(node.process().terminate(), "node " + node.nodeId() + " ended on SIGTERM");
      // The same file again, with the seed list rewritten: port 0 gives the restarted members new ports.
      Files.writeString(node.config(), Files.readString(cluster.config(liveMembers())));
      balancer.add(start(node.config()).httpPort());
    }
    restarting.set(false);
    meta.get(300, TimeUnit.SECONDS);

    assertTrue(accepted.size() >= ROLLING_MESSAGES_MIN, accepted.size() + " messages accepted");
    await(() -> accepted.stream().allMatch(i -> answers(rollingSender(i)) >= 1), "every accepted message answered",
        180);
    tools.timer(2 * LEASE_SECONDS * 1000L).await(); // room for a late second answer, which must not come
    for (int i : accepted) {
      assertEquals(1, answers(rollingSender(i)), "answers to message " + i);
      // A stopped node drains: the turns it runs are answered before it exits, none is asked twice.
      String text = rollingText(i);
      assertEquals(1, model.requests().stream().filter(request -> request.body().encode().contains(text)).count(),
          "model requests for message " + i);
    }
  }

  @Test
  @Order(4)
  void aNodeStoppedWhileItsTurnWaitsGivesTheClaimBackAtOnce() throws Exception {
    // This node's claims last 30 s: another node answers well before that only if the claim is given back.
    Node stopping = start(cluster.config(liveMembers(), RELEASED_LEASE_SECONDS, 1));
    List<Node> others = nodes.values().stream().filter(node -> node != stopping).toList();
    model.next(FakeModelBehaviour.slowFirstToken(120_000, "never seen"));
    int before = model.requests().size();
    for (Node other : others) {
      signal("STOP", other); // for a moment, so that the new node is the one that claims the turn
    }
    try {
      assertEquals(200, post(stopping.httpPort(), message("wamid.released", "16505550003")));
      await(() -> model.requests().size() > before, "the turn reached the model");
    } finally {
      for (Node other : others) {
        signal("CONT", other);
      }
    }
    assertEquals(stopping.nodeId(), cluster.owner("whatsapp:wamid.released"));

    long signalled = System.nanoTime();
    stopping.process().signalTerm();
    nodes.remove(stopping.nodeId());
    await(() -> answers("16505550003") >= 1, "another node answered");
    long takeoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
    assertTrue(takeoverMs < 10_000, () -> "answered " + takeoverMs + " ms after SIGTERM, the claim's lease was "
        + RELEASED_LEASE_SECONDS + " s; the stopped node's log:\n" + stopping.process().stderr());
    assertEquals(0, stopping.process().awaitExit(60), "exit code after the drain");
    assertEquals(1, answers("16505550003"), "answered once");
  }

  private static final int RELEASED_LEASE_SECONDS = 30;
  private static final int ROLLING_MESSAGES_MIN = 40;
  private static final int ROLLING_MESSAGES_MAX = 100;
  private static final long ROLLING_PACE_MS = 500;

  private static String rollingSender(int i) {
    return "1650557%04d".formatted(i);
  }

  private static String rollingText(int i) {
    return "Rolling restart message " + i + ".";
  }

  private static void signal(String signal, Node node) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(node.process().pid())).start();
    assertTrue(kill.waitFor(10, TimeUnit.SECONDS));
    assertEquals(0, kill.exitValue());
  }

  private static Buffer message(String wamid, String sender) {
    return message(wamid, sender, "Does it come in another color?");
  }

  private static Buffer message(String wamid, String sender, String text) {
    String json = FakeWhatsAppWebhooks.fixtureAt("text.json", System.currentTimeMillis() / 1000).toString()
        .replace("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=", wamid)
        .replace("16505551234", sender)
        .replace("Does it come in another color?", text);
    return Buffer.buffer(json);
  }

  private static int post(int port, Buffer body) {
    return FakeWhatsAppWebhooks.post(WebClient.create(tools), port, body, APP_SECRET).await().statusCode();
  }

  private static long answers(String sender) {
    return graph.sends().stream().filter(send -> sender.equals(send.body().getString("to"))).count();
  }

  private static void await(BooleanSupplier condition, String what) {
    await(condition, what, 60);
  }

  private static void await(BooleanSupplier condition, String what, int seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "not within " + seconds + " s: " + what);
      tools.timer(50).await();
    }
  }
}
