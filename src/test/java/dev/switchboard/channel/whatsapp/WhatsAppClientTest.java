package dev.switchboard.channel.whatsapp;

import dev.switchboard.channel.ChannelOptions;
import dev.switchboard.config.ConfigNode;
import dev.switchboard.fakes.ClosedPort;
import dev.switchboard.fakes.FakeWhatsAppServer;
import dev.switchboard.fakes.FakeWhatsAppServer.Recorded;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import dev.switchboard.bus.SendTemplate;
import dev.switchboard.channel.delivery.SendPermit;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class WhatsAppClientTest {

  private static final String TOKEN = "EAAG-system-user-token";
  private static final String USER = "16505551234";
  private static final String NUMBER = FakeWhatsAppServer.PHONE_NUMBER_ID;

  private FakeWhatsAppServer graph;
  private WhatsAppClient client;

  @BeforeEach
  void start(Vertx vertx) {
    graph = FakeWhatsAppServer.start(vertx, TOKEN).await();
    client = new WhatsAppClient(vertx, options(TOKEN, 300));
  }

  @AfterEach
  void stop() {
    client.close();
    graph.close().await();
  }

  private WhatsAppOptions options(String token, long requestTimeoutMs) {
    return options(section(token, requestTimeoutMs));
  }

  private static WhatsAppOptions options(JsonObject section) {
    return WhatsAppOptions.from(new ConfigNode(section, "channels.whatsapp", Map.of()));
  }

  private JsonObject section(String token, long requestTimeoutMs) {
    return new JsonObject().put("accessToken", token).put("appSecret", "s")
        .put("verifyToken", "v").put("apiBaseUrl", graph.apiBaseUrl()).put("phoneNumberId", NUMBER)
        .put("requestTimeoutMs", requestTimeoutMs).put("retry", new JsonObject().put("initialBackoffMs", 10));
  }

  private static void assertConformsToSpec(Recorded send) {
    GraphApiSpec.load().ifPresent(spec ->
        assertEquals(List.of(), spec.textMessageViolations(send.body()), "against Meta's OpenAPI"));
  }

  @Test
  void sendsToManyChatsAtOnceOverUpToMaxConnectionsConnections(Vertx vertx) {
    graph.holdSends();
    List<Future<String>> sent = IntStream.range(0, 40)
        .mapToObj(i -> client.sendText(NUMBER, String.valueOf(16505550000L + i), "reply " + i, SendPermit.ALWAYS)).toList();
    graph.awaitSends(ChannelOptions.DEFAULT_MAX_CONNECTIONS).await();
    graph.releaseSends();

    assertEquals(40, Future.all(sent).await().size());
    assertEquals(ChannelOptions.DEFAULT_MAX_CONNECTIONS, graph.mostSendsHeld(),
        "the platform saw this many sends at once, not Vert.x's default 5, nor all 40");
    assertEquals(ChannelOptions.DEFAULT_MAX_CONNECTIONS, graph.sendConnections());
  }

  @Test
  void maxConnectionsBoundsTheSendsInFlight(Vertx vertx) {
    WhatsAppClient narrow = new WhatsAppClient(vertx, options(section(TOKEN, 300).put("maxConnections", 3)));
    graph.holdSends();
    List<Future<String>> sent = IntStream.range(0, 10)
        .mapToObj(i -> narrow.sendText(NUMBER, String.valueOf(16505550000L + i), "reply " + i, SendPermit.ALWAYS)).toList();
    graph.awaitSends(3).await();
    graph.releaseSends();

    assertEquals(10, Future.all(sent).await().size());
    assertEquals(3, graph.mostSendsHeld());
    assertEquals(3, graph.sendConnections(), "10 sends waited, yet the client opened no more than 3 connections");
    narrow.close();
  }

  @Test
  void sendsATextToTheUserFromTheBusinessNumber() {
    String wamid = client.sendText(NUMBER, USER, "Yes: blue, green and *red*.", SendPermit.ALWAYS).await();

    Recorded send = graph.sends().get(0);
    assertEquals("wamid.FAKE1", wamid);
    assertEquals("/v23.0/" + NUMBER + "/messages", send.path());
    assertEquals("Bearer " + TOKEN, send.headers().get("Authorization"));
    assertEquals(new JsonObject().put("messaging_product", "whatsapp").put("recipient_type", "individual")
        .put("to", USER).put("type", "text")
        .put("text", new JsonObject().put("preview_url", false).put("body", "Yes: blue, green and *red*.")),
        send.body());
    assertConformsToSpec(send);
  }

  @Test
  void sendsATemplateInMetasShapeWhichConformsToTheSpec() {
    assumeTrue(GraphApiSpec.load().isPresent(), "skipped: " + GraphApiSpec.LOCATION.toAbsolutePath().normalize()
        + " is absent");
    SendTemplate template = new SendTemplate("order_update", "en_US", new JsonArray().add(new JsonObject()
        .put("type", "body").put("parameters", new JsonArray().add(new JsonObject().put("type", "text")
            .put("text", "Ann")))));

    String wamid = client.sendTemplate(NUMBER, "+" + USER, template.toGraph(), SendPermit.ALWAYS).await();

    JsonObject body = graph.sends().get(0).body();
    assertEquals("wamid.FAKE1", wamid);
    assertEquals("template", body.getString("type"));
    assertEquals(new JsonObject().put("code", "en_US").put("policy", "deterministic"),
        body.getJsonObject("template").getJsonObject("language"));
    assertEquals(List.of(), GraphApiSpec.load().get().templateMessageViolations(body), "against Meta's OpenAPI");
  }

  @Test
  void aPairRateLimitIsReportedForPacingAndTheSendRetried() {
    List<String> slowedDown = new java.util.concurrent.CopyOnWriteArrayList<>();
    client.onPairRateLimit((number, user) -> slowedDown.add(number + "/" + user));
    graph.failNextSends(1, 400, 131056);

    String wamid = client.sendText(NUMBER, USER, "One more thing.", SendPermit.ALWAYS).await();

    assertEquals(List.of(NUMBER + "/" + USER), slowedDown);
    assertEquals(2, graph.sends().size());
    assertEquals("wamid.FAKE1", wamid);
  }

  @Test
  void aUserWithoutAPhoneNumberIsAddressedAsRecipient() {
    client.sendText(NUMBER, "US.13491208655302741918", "Held until Friday.", SendPermit.ALWAYS).await();

    JsonObject body = graph.sends().get(0).body();
    assertEquals("US.13491208655302741918", body.getString("recipient"));
    assertFalse(body.containsKey("to"));
  }

  @Test
  void throughputThrottlingIsRetriedUntilAccepted() {
    graph.failNextSends(2, 429, 130429);

    String wamid = client.sendText(NUMBER, USER, "Hello", SendPermit.ALWAYS).await();

    assertEquals(3, graph.sends().size());
    assertEquals("wamid.FAKE1", wamid);
    assertEquals(1, graph.sends().stream().map(Recorded::body).distinct().count(), "the same message each time");
  }

  @Test
  void thePairRateLimitIsRetriedEvenWhenAnsweredWith400() {
    graph.failNextSends(1, 400, 131056);

    client.sendText(NUMBER, USER, "Hello", SendPermit.ALWAYS).await();

    assertEquals(2, graph.sends().size());
  }

  @Test
  void aClosedCustomerServiceWindowIsReportedAndNotRetried() {
    graph.failNextSends(1, 400, 131047);

    GraphApiException failure = assertThrows(GraphApiException.class,
        () -> client.sendText(NUMBER, USER, "Hello again", SendPermit.ALWAYS).await());

    assertTrue(failure.reengagementRequired());
    assertEquals(131047, failure.code());
    assertEquals(1, graph.sends().size());
  }

  @Test
  void anExpiredTokenIsFinal(Vertx vertx) {
    WhatsAppClient stale = new WhatsAppClient(vertx, options("EAAG-expired", 300));

    GraphApiException failure = assertThrows(GraphApiException.class,
        () -> stale.sendText(NUMBER, USER, "Hello", SendPermit.ALWAYS).await());

    assertEquals(190, failure.code());
    assertEquals(401, failure.httpStatus());
    assertEquals(1, graph.requests().size());
    stale.close();
  }

  @Test
  void anErrorGraphCallsTransientIsRetried() {
    graph.failNextSendTransiently(400, 131999);

    assertEquals("wamid.FAKE1", client.sendText(NUMBER, USER, "Hello", SendPermit.ALWAYS).await());

    assertEquals(2, graph.sends().size());
  }

  @Test
  void theSpamLimitIsNotRetried() {
    graph.failNextSends(1, 429, 131048);

    GraphApiException failure = assertThrows(GraphApiException.class,
        () -> client.sendText(NUMBER, USER, "Hello", SendPermit.ALWAYS).await());

    assertEquals(131048, failure.code());
    assertEquals(1, graph.sends().size(), "it lifts with the number's quality, not within seconds");
  }

  @Test
  void aRefusedRequestIsSentExactlyOnce() {
    graph.failNextSends(1, 400, 100);

    assertEquals(100, assertThrows(GraphApiException.class, () -> client.sendText(NUMBER, USER, "Hello", SendPermit.ALWAYS).await())
        .code());
    assertEquals(1, graph.sends().size());
  }

  @Test
  void serverErrorsAreRetriedABoundedNumberOfTimes() {
    graph.failNextSends(5, 500, 131000);

    GraphApiException failure = assertThrows(GraphApiException.class,
        () -> client.sendText(NUMBER, USER, "Hello", SendPermit.ALWAYS).await());

    assertEquals(131000, failure.code());
    assertEquals(3, graph.sends().size(), "three attempts by default");
  }

  @Test
  void aSendWhoseAnswerNeverCameIsNotResent() {
    graph.hangNextSend();

    GraphApiException failure = assertThrows(GraphApiException.class,
        () -> client.sendText(NUMBER, USER, "Your order shipped", SendPermit.ALWAYS).await());

    assertTrue(failure.getMessage().contains("not re-sent"), failure.getMessage());
    assertEquals(1, graph.sends().size(), "failure is reported only after every attempt, so no retry happened");
  }

  @Test
  void aTextLongerThanWhatsAppAcceptsIsRefusedWithoutACall() {
    IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
        () -> client.sendText(NUMBER, USER, "x".repeat(4097), SendPermit.ALWAYS).await());

    assertTrue(failure.getMessage().contains("4096"));
    assertTrue(graph.requests().isEmpty());
  }

  @Test
  void aTextOfExactlyTheLimitIsSent() {
    client.sendText(NUMBER, USER, "x".repeat(4096), SendPermit.ALWAYS).await();

    assertConformsToSpec(graph.sends().get(0));
  }

  @Test
  void marksTheMessageReadAndShowsTyping() {
    client.markReadAndTyping(NUMBER, "wamid.INBOUND1").await();

    Recorded receipt = graph.requests().get(0);
    assertEquals("/v23.0/" + NUMBER + "/messages", receipt.path());
    assertEquals(new JsonObject().put("messaging_product", "whatsapp").put("status", "read")
        .put("message_id", "wamid.INBOUND1").put("typing_indicator", new JsonObject().put("type", "text")),
        receipt.body());
    GraphApiSpec.load().ifPresent(spec -> assertEquals(List.of(), spec.readReceiptViolations(receipt.body())));
  }

  @Test
  void looksUpTheConfiguredPhoneNumber() {
    PhoneNumberInfo info = client.lookupPhoneNumber().await();

    assertEquals(NUMBER, info.id());
    assertEquals("Switchboard Test", info.verifiedName());
    assertEquals("GREEN", info.qualityRating());
    assertEquals("/v23.0/" + NUMBER, graph.requests().get(0).path());
  }

  @Test
  void aLookupWithABadTokenSaysSo(Vertx vertx) {
    WhatsAppClient stale = new WhatsAppClient(vertx, options("EAAG-expired", 300));

    GraphApiException failure = assertThrows(GraphApiException.class, () -> stale.lookupPhoneNumber().await());

    assertEquals(190, failure.code());
    assertTrue(failure.getMessage().contains("Error validating access token"), failure.getMessage());
    stale.close();
  }

  @Test
  void aRefusedConnectionFailsTheSend(Vertx vertx) {
    WhatsAppClient unreachable = new WhatsAppClient(vertx,
        options(section(TOKEN, 300).put("apiBaseUrl", ClosedPort.url())));

    Throwable failure = assertThrows(Throwable.class,
        () -> unreachable.sendText(NUMBER, USER, "Hello", SendPermit.ALWAYS).await());

    assertInstanceOf(java.net.ConnectException.class, failure);
    unreachable.close();
  }
}
