package dev.switchboard.app;

import dev.switchboard.bus.AskReply;
import dev.switchboard.bus.AskRequest;
import dev.switchboard.bus.SessionMode;
import dev.switchboard.bus.SwitchboardClient;
import dev.switchboard.fakes.FakeModelRequest;
import dev.switchboard.fakes.FakeModelServer;
import dev.switchboard.fakes.FakeTelegramServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Human handover end to end: operators take a session over HTTP or the bus, users ask for a person
 * with a keyword, the bot stays silent meanwhile and, back in charge, knows what was said.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 40, timeUnit = TimeUnit.SECONDS)
class HandoverTest {

  private static final long CHAT = 5151;
  private static final String KEYWORDS = """
      handover: { keywords: ["human", "operatore"], message: "A person will answer you here shortly.",
                  resumeAfterMinutes: 60 },""";

  @TempDir
  Path dir;

  private MessagingBridge bridge;

  @AfterEach
  void stop() {
    bridge.close().await();
  }

  /** The session of the user's chat, as a listener of the conversation learns it. */
  private String sessionOfNextInbound(String text) throws InterruptedException {
    return bridge.said(item -> "inbound".equals(item.getString("type")) && text.equals(item.getString("text")))
        .getString("session");
  }

  /** {@code /status} through the bus: answered in the session's order, so after what came before it. */
  private String status(Vertx vertx, String session) {
    return AskReply.fromJson(vertx.eventBus().<JsonObject>request(dev.switchboard.bus.Addresses.ASK,
        AskRequest.text(session, "/status").toJson()).await().body()).text();
  }

  /** A Responses input item's text: a string, or the first {@code input_text} part. */
  private static String text(Object content) {
    return content instanceof JsonArray parts ? parts.getJsonObject(0).getString("text") : String.valueOf(content);
  }

  private HttpResponse<Buffer> handover(String session, String mode) {
    return bridge.post("/v1/sessions/" + URLEncoder.encode(session, StandardCharsets.UTF_8) + "/handover",
        new JsonObject().put("mode", mode));
  }

  @Test
  void anOperatorTakesOverAndOnResumeTheModelSeesWhatTheOperatorSaid(Vertx vertx) throws Exception {
    bridge = MessagingBridge.start(vertx, dir);
    bridge.telegramMessage(CHAT, "Hello, where is my parcel?");
    String session = sessionOfNextInbound("Hello, where is my parcel?");
    bridge.telegram.awaitCalls("sendMessage", 1).await();

    HttpResponse<Buffer> taken = handover(session, "human");
    assertEquals(200, taken.statusCode(), taken.bodyAsString());
    assertEquals(new JsonObject().put("session", session).put("mode", "human"), taken.bodyAsJsonObject());
    bridge.telegramMessage(CHAT, "Can I change the address?");
    sessionOfNextInbound("Can I change the address?");
    assertTrue(status(vertx, session).contains("This conversation's mode: human since"));
    assertEquals(1, bridge.model.requests().size(), "the bot does not answer a session in human mode");
    assertEquals(202, bridge.send(new JsonObject().put("channel", "telegram").put("chatId", String.valueOf(CHAT))
        .put("text", "Yes, I changed it to Via Roma 1.")).statusCode());
    List<FakeTelegramServer.Call> sent = bridge.telegram.awaitCalls("sendMessage", 2).await();
    assertEquals("Yes, I changed it to Via Roma 1.", sent.get(1).body().getString("text"));

    assertEquals("bot", SwitchboardClient.create(vertx).handover(session, SessionMode.BOT).await().mode().wireName());
    bridge.telegramMessage(CHAT, "Thank you!");

    FakeModelRequest resumed = bridge.model.awaitRequests(2).await().get(1);
    JsonArray input = resumed.body().getJsonArray("input");
    List<String> said = input.stream().map(item -> ((JsonObject) item).getString("role") + ": "
        + text(((JsonObject) item).getValue("content"))).toList();
    assertEquals(List.of("user: Hello, where is my parcel?", "assistant: " + FakeModelServer.DEFAULT_REPLY,
        "user: Can I change the address?", "assistant: Yes, I changed it to Via Roma 1.", "user: Thank you!"), said);
    assertEquals(3, bridge.telegram.awaitCalls("sendMessage", 3).await().size());
  }

  @Test
  void aKeywordAsAWholeWordHandsOverTellsTheUserAndSurvivesARestart(Vertx vertx) throws Exception {
    bridge = MessagingBridge.start(vertx, dir, KEYWORDS, "");
    bridge.telegramMessage(CHAT, "Tell me about humanity.");
    bridge.model.awaitRequests(1).await();
    bridge.telegramMessage(CHAT, "I want to talk to a HUMAN, please");
    String session = sessionOfNextInbound("I want to talk to a HUMAN, please");

    List<FakeTelegramServer.Call> sent = bridge.telegram.awaitCalls("sendMessage", 2).await();
    assertEquals("A person will answer you here shortly.", sent.get(1).body().getString("text"));
    JsonObject requested = bridge.event(event -> "handover_requested".equals(event.getString("type")));
    assertEquals(session, requested.getString("session"));
    assertEquals(1, bridge.model.requests().size(), "'humanity' is not the keyword; 'HUMAN' is, and no model answers it");

    bridge.stopBridge();
    bridge.startBridge();
    bridge.telegramMessage(CHAT, "Hello? Anyone there?");
    sessionOfNextInbound("Hello? Anyone there?");
    assertTrue(status(vertx, session).contains("This conversation's mode: human since"));
    assertEquals(1, bridge.model.requests().size(), "still with a person after the restart");
    assertEquals(2, bridge.telegram.calls("sendMessage").size(), "and the bot said nothing");
  }

  @Test
  void badHandoverRequestsAreRefused(Vertx vertx) {
    bridge = MessagingBridge.start(vertx, dir);

    HttpResponse<Buffer> badMode = handover("telegram:x:dm:1", "robot");
    assertEquals(400, badMode.statusCode());
    assertEquals("invalid_request", badMode.bodyAsJsonObject().getJsonObject("error").getString("code"));
    assertEquals(401, bridge.postWithoutToken("/v1/sessions/telegram:x:dm:1/handover",
        new JsonObject().put("mode", "human")).statusCode());
  }
}
