package dev.switchboard.channel.whatsapp;

import io.vertx.core.Context;
import io.vertx.core.http.HttpMethod;
import dev.switchboard.channel.WebhookRoutes;
import dev.switchboard.app.Gateway;
import dev.switchboard.config.ConfigNode;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.fakes.FakeWhatsAppWebhooks;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class WhatsAppWebhookTest {

  private static final String APP_SECRET = "6c3b1ae0a3f4d2e8b9c7f0a1d2e3f4a5";
  private static final String VERIFY_TOKEN = "a-long-random-verify-token";

  private final List<WebhookContents> received = new CopyOnWriteArrayList<>();
  private Future<?> handlerOutcome = Future.succeededFuture();
  private WebClient client;
  private int port;

  @BeforeEach
  void start(Vertx vertx) {
    WhatsAppOptions options = WhatsAppOptions.from(ConfigNode.of(new JsonObject().put("accessToken", "t")
        .put("appSecret", APP_SECRET).put("verifyToken", VERIFY_TOKEN)));
    WebhookRoutes webhooks = new WebhookRoutes();
    Gateway gateway = new Gateway(vertx, new GatewayConfig("127.0.0.1", 0, GatewayConfig.DEFAULT_MAX_BODY_BYTES), webhooks);
    WhatsAppWebhook hook = new WhatsAppWebhook(options, contents -> {
      received.add(contents);
      return handlerOutcome;
    });
    Context channelContext = vertx.getOrCreateContext();
    webhooks.register(HttpMethod.GET, WhatsAppWebhook.PATH, channelContext, hook::verify);
    webhooks.register(HttpMethod.POST, WhatsAppWebhook.PATH, channelContext, hook::receive);
    port = gateway.listen().await().actualPort();
    client = WebClient.create(vertx);
  }

  private HttpResponse<Buffer> verification(String query) {
    return client.get(port, "127.0.0.1", "/webhooks/whatsapp?" + query).send().await();
  }

  private HttpResponse<Buffer> postSigned(Buffer body) {
    return FakeWhatsAppWebhooks.post(client, port, body, APP_SECRET).await();
  }

  @Test
  void metasVerificationGetsTheBareChallengeBack() {
    HttpResponse<Buffer> response = verification(
        "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=" + VERIFY_TOKEN);

    assertEquals(200, response.statusCode());
    assertEquals("1158201444", response.bodyAsString());
    assertTrue(response.getHeader("Content-Type").startsWith("text/plain"));
  }

  @Test
  void verificationWithAnotherTokenOrModeIsForbidden() {
    assertEquals(403, verification("hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=guess").statusCode());
    assertEquals(403, verification("hub.mode=unsubscribe&hub.challenge=1&hub.verify_token=" + VERIFY_TOKEN)
        .statusCode());
    assertEquals(403, verification("hub.mode=subscribe&hub.verify_token=" + VERIFY_TOKEN).statusCode());
    assertEquals(403, verification("").statusCode());
  }

  @Test
  void aSignedWebhookIsAcknowledgedAndHandedOver() {
    HttpResponse<Buffer> response = postSigned(FakeWhatsAppWebhooks.fixture("batched.json"));

    assertEquals(200, response.statusCode());
    assertEquals(1, received.size());
    assertEquals(3, received.get(0).messages().size());
  }

  @Test
  void aUnicodeEscapedBodyVerifiesOverTheBytesAsSent() {
    HttpResponse<Buffer> response = postSigned(FakeWhatsAppWebhooks.fixture("unicode_escaped.json"));

    assertEquals(200, response.statusCode());
    assertTrue(received.get(0).messages().get(0).message().text().startsWith("Grüße aus München!"));
  }

  @Test
  void anUnsignedWebhookIsRefused() {
    HttpResponse<Buffer> response = client.post(port, "127.0.0.1", "/webhooks/whatsapp")
        .putHeader("Content-Type", "application/json").sendBuffer(FakeWhatsAppWebhooks.fixture("text.json")).await();

    assertEquals(401, response.statusCode());
    assertTrue(received.isEmpty());
  }

  @Test
  void aWebhookSignedWithAnotherSecretIsRefused() {
    HttpResponse<Buffer> response = FakeWhatsAppWebhooks.post(client, port, FakeWhatsAppWebhooks.fixture("text.json"),
        "not-the-app-secret").await();

    assertEquals(401, response.statusCode());
    assertTrue(received.isEmpty());
  }

  @Test
  void aSignedBodyThatIsNotJsonIsAcknowledgedSoMetaStopsResending() {
    HttpResponse<Buffer> response = postSigned(Buffer.buffer("{\"object\":\"whatsapp_business_account\",\"entry\":["));

    assertEquals(200, response.statusCode());
    assertTrue(received.isEmpty());
  }

  @Test
  void aSignedBodyOfAnotherProductIsAcknowledgedAndDropped() {
    assertEquals(200, postSigned(Buffer.buffer("{\"object\":\"page\",\"entry\":[]}")).statusCode());
    assertEquals(200, postSigned(Buffer.buffer("[1,2,3]")).statusCode());
    assertTrue(received.isEmpty());
  }

  @Test
  void aWebhookThatCouldNotBeRecordedIsLeftForMetaToResend() {
    handlerOutcome = Future.failedFuture("inbox unavailable");

    HttpResponse<Buffer> response = postSigned(FakeWhatsAppWebhooks.fixture("text.json"));

    assertEquals(503, response.statusCode());
  }
}
