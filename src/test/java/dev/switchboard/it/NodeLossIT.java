package dev.switchboard.it;

import dev.switchboard.fakes.FakeModelBehaviour;
import dev.switchboard.fakes.FakeModelServer;
import dev.switchboard.fakes.FakeWhatsAppServer;
import dev.switchboard.fakes.FakeWhatsAppWebhooks;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three node JVMs (the fat jar, {@code run} with the cluster on, TCP-IP join on 127.0.0.1) on one real
 * PostgreSQL, with the WhatsApp channel on each. A node killed with SIGKILL in the middle of a turn:
 * another node answers within {@code leaseSeconds} + 5 s, once. A node paused (SIGSTOP) in the middle
 * of a turn and woken (SIGCONT) after its lease ran out and another node answered: no second answer.
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
  private static final Pattern READY = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+) .* node (\\S+) on member port (\\d+)");

  static Vertx tools;
  static PostgresServer database;
  static String storeUrl;
  static FakeModelServer model;
  static FakeWhatsAppServer graph;
  static final Map<String, Node> nodes = new LinkedHashMap<>();
  /** Every JVM started, so that none outlives the test, whatever failed. */
  static final List<JarProcess> started = new ArrayList<>();

  record Node(JarProcess process, int httpPort, String nodeId) {
  }

  @BeforeAll
  // A class-level @Timeout does not reach lifecycle methods: three node JVMs start one after another.
  @Timeout(value = 3 * START_SECONDS + 60, unit = TimeUnit.SECONDS)
  static void startThreeNodes() throws Exception {
    database = PostgresServer.start();
    storeUrl = database.freshDatabaseUrl();
    tools = Vertx.vertx();
    model = FakeModelServer.start(tools).await().always(FakeModelBehaviour.reply(ANSWER));
    graph = FakeWhatsAppServer.start(tools, "wa-token").await();
    String name = "switchboard-it-" + UUID.randomUUID();
    Path dir = Files.createTempDirectory("switchboard-node-loss");
    Node first = start(dir, name, List.of());
    List<JarProcess> others = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      JarProcess other = JarProcess.start(Map.of(), "run", "--config",
          config(dir, name, List.of("127.0.0.1:" + memberPort(first))).toString());
      started.add(other);
      others.add(other);
    }
    for (JarProcess other : others) {
      Node node = node(other, other.awaitReady(START_SECONDS));
      nodes.put(node.nodeId(), node);
    }
  }

  private static final Map<String, Integer> MEMBER_PORTS = new LinkedHashMap<>();

  private static int memberPort(Node node) {
    return MEMBER_PORTS.get(node.nodeId());
  }

  private static Node start(Path dir, String name, List<String> members) throws Exception {
    JarProcess process = JarProcess.start(Map.of(), "run", "--config", config(dir, name, members).toString());
    started.add(process);
    Node node = node(process, process.awaitReady(START_SECONDS));
    nodes.put(node.nodeId(), node);
    return node;
  }

  private static Node node(JarProcess process, String readyLine) {
    Matcher ready = READY.matcher(readyLine);
    assertTrue(ready.find(), readyLine);
    MEMBER_PORTS.put(ready.group(2), Integer.parseInt(ready.group(3)));
    return new Node(process, Integer.parseInt(ready.group(1)), ready.group(2));
  }

  private static Path config(Path dir, String name, List<String> members) throws Exception {
    Path file = Files.createTempFile(dir, "node-", ".json5");
    Files.writeString(file, """
        { gateway: { port: 0, instances: 1 },
          agents: { defaults: { model: { primary: "local/fake-model" }, timeoutSeconds: 60 } },
          models: { mode: "replace", providers: { local: { baseUrl: "%s", apiKey: "k", api: "openai-responses",
            firstTokenTimeoutMs: 60000, models: [{ id: "fake-model", contextWindow: 32768, maxTokens: 1024 }] } } },
          channels: { whatsapp: { accessToken: "wa-token", appSecret: "%s", verifyToken: "v",
                                  apiBaseUrl: "%s", dmPolicy: "open" } },
          cluster: { enabled: true, name: "%s", port: 0, members: %s, leaseSeconds: %d },
          session: { store: { url: "%s" } } }
        """.formatted(model.baseUrl(), APP_SECRET, graph.apiBaseUrl(), name,
        new io.vertx.core.json.JsonArray(members).encode(), LEASE_SECONDS, storeUrl));
    return file;
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

    Node holder = nodes.get(owner("whatsapp:wamid.killed"));
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

    Node holder = nodes.get(owner("whatsapp:wamid.paused"));
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

  private static void signal(String signal, Node node) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(node.process().pid())).start();
    assertTrue(kill.waitFor(10, TimeUnit.SECONDS));
    assertEquals(0, kill.exitValue());
  }

  /** The node holding the message's claim, from the store (the test reads it, to stop that node). */
  private static String owner(String inboundId) throws Exception {
    String jdbc = "jdbc:" + storeUrl.replace("postgresql://postgres@", "postgresql://");
    try (Connection connection = DriverManager.getConnection(jdbc, PostgresServer.USER, "");
         PreparedStatement select = connection.prepareStatement("SELECT owner FROM inbox WHERE id = ?")) {
      select.setString(1, inboundId);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? row.getString(1) : null;
      }
    }
  }

  private static Buffer message(String wamid, String sender) {
    String json = FakeWhatsAppWebhooks.fixtureAt("text.json", System.currentTimeMillis() / 1000).toString()
        .replace("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=", wamid)
        .replace("16505551234", sender);
    return Buffer.buffer(json);
  }

  private static int post(int port, Buffer body) {
    return FakeWhatsAppWebhooks.post(WebClient.create(tools), port, body, APP_SECRET).await().statusCode();
  }

  private static long answers(String sender) {
    return graph.sends().stream().filter(send -> sender.equals(send.body().getString("to"))).count();
  }

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "not within 60 s: " + what);
      tools.timer(50).await();
    }
  }
}
