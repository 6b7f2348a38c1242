package dev.switchboard.cluster;

import dev.switchboard.app.MainVerticle;
import dev.switchboard.bus.Addresses;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.fakes.FakeModelBehaviour;
import dev.switchboard.fakes.FakeModelServer;
import dev.switchboard.fakes.FakeWhatsAppServer;
import dev.switchboard.fakes.FakeWhatsAppWebhooks;
import dev.switchboard.store.PostgresServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two nodes of a real Hazelcast cluster on one real PostgreSQL, each running the WhatsApp channel:
 * webhooks reach either node, turns are claimed from the shared inbox, replies sent from the shared
 * outbox. Every accepted message is answered exactly once, whichever node took it, and a message
 * Meta delivers to both nodes is journaled and answered once. A handover made through one node holds
 * on the other, and a send's idempotency key given to both nodes is sent once.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterTurnsTest {

  private static final String APP_SECRET = "cluster-app-secret";
  private static final String ANSWER = "Yes, in blue.";

  static Vertx tools;
  static PostgresServer database;
  static FakeModelServer model;
  static FakeWhatsAppServer graph;
  static ClusterNode first;
  static ClusterNode second;
  static int firstPort;
  static int secondPort;

  @BeforeAll
  static void startTwoNodes() {
    database = PostgresServer.start();
    tools = Vertx.vertx();
    model = FakeModelServer.start(tools).await().always(FakeModelBehaviour.reply(ANSWER));
    graph = FakeWhatsAppServer.start(tools, "wa-token").await();
    String url = database.freshDatabaseUrl();
    String name = "switchboard-turns-" + UUID.randomUUID();
    first = ClusterNode.join(config(url, name, 0, List.of()).cluster()).await();
    second = ClusterNode.join(config(url, name, 0, List.of("127.0.0.1:" + first.memberPort())).cluster()).await();
    MainVerticle firstBridge = new MainVerticle(config(url, name, 0, List.of()), first);
    first.vertx().deployVerticle(firstBridge).await();
    MainVerticle secondBridge = new MainVerticle(config(url, name, 0, List.of()), second);
    second.vertx().deployVerticle(secondBridge).await();
    firstPort = firstBridge.port();
    secondPort = secondBridge.port();
  }

  private static SwitchboardConfig config(String url, String name, int memberPort, List<String> members) {
    return ConfigLoader.parse("test", """
        { gateway: { port: 0, instances: 1 },
          agents: { defaults: { model: { primary: "local/fake-model" }, timeoutSeconds: 10 } },
          models: { mode: "replace", providers: { local: { baseUrl: "%s", apiKey: "k", api: "openai-responses",
            models: [{ id: "fake-model", contextWindow: 32768, maxTokens: 1024 }] } } },
          channels: { whatsapp: { accessToken: "wa-token", appSecret: "%s", verifyToken: "v",
                                  apiBaseUrl: "%s", dmPolicy: "open", typingRefreshMs: 200 } },
          cluster: { enabled: true, name: "%s", port: %d, members: %s, leaseSeconds: 5 },
          session: { store: { url: "%s" } } }
        """.formatted(model.baseUrl(), APP_SECRET, graph.apiBaseUrl(), name, memberPort,
        new io.vertx.core.json.JsonArray(members).encode(), url), Map.of());
  }

  @AfterAll
  static void stop() {
    if (second != null) {
      second.vertx().close().await();
    }
    if (first != null) {
      first.vertx().close().await();
    }
    if (tools != null) {
      tools.close().await();
    }
    if (database != null) {
      database.close();
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

  private static Map<String, Long> answersBySender() {
    return graph.sends().stream().filter(send -> send.body().encode().contains(ANSWER))
        .collect(Collectors.groupingBy(send -> send.body().getString("to"), Collectors.counting()));
  }

  private static void awaitAnswers(int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (answersBySender().values().stream().mapToLong(Long::longValue).sum() < count) {
      assertTrue(System.nanoTime() < deadline, "not within 60 s: " + count + " answers; got " + answersBySender());
      tools.timer(100).await();
    }
  }

  @Test
  void everyMessageEitherNodeAcceptedIsAnsweredOnceAndADoubleDeliveryOnce() {
    int modelRequestsBefore = model.requests().size();
    int answersBefore = (int) answersTotal();
    int messages = 10;
    for (int i = 0; i < messages; i++) {
      assertEquals(200, post(i % 2 == 0 ? firstPort : secondPort, message("wamid.cluster-" + i, "1650555" + (1000 + i))));
    }
    // Meta sends one message to both nodes (a retry behind a load balancer): one journal row, one answer.
    Buffer twice = message("wamid.cluster-twice", "16505559999");
    assertEquals(200, post(firstPort, twice));
    assertEquals(200, post(secondPort, twice));

    awaitAnswers(answersBefore + messages + 1);
    Map<String, Long> typingWhenAnswered = typingByMessage(messages);
    // Both nodes keep polling the shared store; a second copy would come within a few polls.
    tools.timer(1_500).await();
    Map<String, Long> answers = answersBySender();
    answers.keySet().removeIf(sender -> !sender.startsWith("16505551") && !sender.equals("16505559999"));
    assertEquals(messages + 1, answers.size(), answers.toString());
    assertTrue(answers.values().stream().allMatch(count -> count == 1), "each sender answered once: " + answers);
    assertEquals(messages + 1, model.requests().size() - modelRequestsBefore, "each turn run by one node");
    // Read + typing is re-sent every 200 ms while the model works; the node running the turn stops it
    // once the reply is written, whichever node sends it, not at the turn's 10 s deadline: over the
    // 1.5 s since the answers, at most a refresh already under way went out.
    Map<String, Long> typingLater = typingByMessage(messages);
    typingLater.forEach((wamid, typing) -> assertTrue(typing >= 1 && typing <= typingWhenAnswered.get(wamid) + 1,
        wamid + ": read + typing " + typingWhenAnswered.get(wamid) + " times when answered, " + typing + " later"));
  }

  /** Per message, how many read + typing requests the fake Graph API received. */
  private static Map<String, Long> typingByMessage(int messages) {
    Map<String, Long> typing = new HashMap<>();
    for (int i = 0; i < messages; i++) {
      String wamid = "wamid.cluster-" + i;
      typing.put(wamid, graph.requests().stream()
          .filter(request -> request.isReadReceipt() && wamid.equals(request.body().getString("message_id"))).count());
    }
    return typing;
  }

  @Test
  void aHandoverMadeOnOneNodeHoldsOnTheOtherAndAnIdempotencyKeyIsQueuedOnceAcrossNodes() {
    String handedOver = "16505557777";
    String other = "16505556666";
    List<JsonObject> conversation = new CopyOnWriteArrayList<>();
    first.vertx().eventBus().<JsonObject>consumer(Addresses.CONVERSATION, item -> conversation.add(item.body()))
        .completion().await();
    List<Object> events = new CopyOnWriteArrayList<>();
    first.vertx().eventBus().consumer(Addresses.EVENTS, event -> events.add(event.body())).completion().await();
    int modelRequestsBefore = model.requests().size();
    assertEquals(200, post(secondPort, message("wamid.handover-1", handedOver)));
    awaitAnswers((int) answersTotal() + 1);
    String session = conversation.stream().filter(item -> "inbound".equals(item.getString("type"))
        && handedOver.equals(item.getString("chatId"))).findFirst().orElseThrow().getString("session");

    // Handed over through the first node; the second node takes the next message and keeps it for the person.
    first.vertx().eventBus().request(Addresses.HANDOVER, new JsonObject().put("session", session).put("mode", "human"))
        .await();
    assertEquals(200, post(secondPort, message("wamid.handover-2", handedOver)));
    assertEquals(200, post(secondPort, message("wamid.handover-3", other)));
    awaitAnswers((int) answersTotal() + 1);

    // The same key given to both nodes at once: one message reaches the person.
    JsonObject send = new JsonObject().put("channel", "whatsapp").put("chatId", handedOver)
        .put("text", "Your order has shipped.").put("idempotencyKey", "order-42");
    var viaFirst = first.vertx().eventBus().<JsonObject>request(Addresses.SEND, send);
    var viaSecond = second.vertx().eventBus().<JsonObject>request(Addresses.SEND, send.copy());
    String id = viaFirst.await().body().getString("id");
    assertEquals(id, viaSecond.await().body().getString("id"));
    JsonObject sent = new JsonObject().put("type", "sent").put("id", id).put("channel", "whatsapp")
        .put("chatId", handedOver).put("chunks", 1);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (shipped() == 0 || !events.contains(sent)) {
      assertTrue(System.nanoTime() < deadline, "the send did not reach WhatsApp, or was not reported sent, within 60 s");
      tools.timer(100).await();
    }
    // Both nodes keep polling the shared store; a second copy or a late answer would come within a few polls.
    tools.timer(1_500).await();
    assertEquals(1, shipped(), "queued once across the cluster");
    assertEquals(1, events.stream().filter(sent::equals).count(), "reported sent once");
    assertEquals(1L, answersBySender().get(handedOver), "no answer once the person has the session");
    assertEquals(1L, answersBySender().get(other));
    assertEquals(2, model.requests().size() - modelRequestsBefore, "the kept message never reached the model");
  }

  private static long answersTotal() {
    return answersBySender().values().stream().mapToLong(Long::longValue).sum();
  }

  private static long shipped() {
    return graph.sends().stream().filter(send -> send.body().encode().contains("Your order has shipped.")).count();
  }

}
