package dev.switchboard.it;

import dev.switchboard.fakes.FakeModelBehaviour;
import dev.switchboard.fakes.FakeModelServer;
import dev.switchboard.fakes.FakeTelegramServer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 2,000 messages from one sender hit a slow model: the bridge (the fat jar, in its own JVM) keeps
 * answering another customer and stays under 600 MB resident. Every webhook gets 200 (journaled) or a
 * status that makes the platform retry later, never a 500.
 */
class FloodIT {

  private static final String TOKEN = "123456:FLOOD-token";
  private static final String SECRET = "flood-webhook-secret";
  private static final int FLOOD = 2_000;
  private static final long FLOODER = 77;
  private static final long OTHER = 88;
  private static final long MAX_RESIDENT_BYTES = 600L * 1024 * 1024;

  @TempDir
  Path dir;

  private Vertx vertx;

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void aFloodFromOneSenderNeitherStarvesOthersNorGrowsMemory() throws Exception {
    vertx = Vertx.vertx();
    FakeModelServer model = FakeModelServer.start(vertx).await();
    model.always(FakeModelBehaviour.slowFirstToken(2_000, "a slow answer"));
    FakeTelegramServer telegram = FakeTelegramServer.start(vertx, TOKEN).await();
    int port = FreePort.any();
    Path config = dir.resolve("switchboard.json5");
    Files.writeString(config, """
        // written by FloodIT
        { gateway: { port: %d },
          agents: { defaults: { model: { primary: "lmstudio/fake-model" }, timeoutSeconds: 60 } },
          models: { mode: "replace", providers: {
            lmstudio: { baseUrl: "%s", apiKey: "lmstudio", api: "openai-responses", firstTokenTimeoutMs: 60000,
                        models: [{ id: "fake-model", contextWindow: 32768, maxTokens: 1024 }] } } },
          channels: { telegram: { botToken: "${TELEGRAM_BOT_TOKEN}", webhookSecret: "${TELEGRAM_WEBHOOK_SECRET}",
                                  apiBaseUrl: "%s", dmPolicy: "open" } },
          messages: { rateLimit: { perSenderPerMinute: 100000 } },
          session: { store: { path: "%s" } } }
        """.formatted(port, model.baseUrl(), telegram.baseUrl(), dir.resolve("data/switchboard.db")));

    try (JarProcess bridge = JarProcess.start(Map.of("TELEGRAM_BOT_TOKEN", TOKEN, "TELEGRAM_WEBHOOK_SECRET", SECRET),
        "run", "--config", config.toString())) {
      bridge.awaitReady();
      WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
          .setDefaultPort(port), new PoolOptions().setHttp1MaxSize(50));

      List<Future<HttpResponse<Buffer>>> flood = new ArrayList<>();
      for (int i = 0; i < FLOOD; i++) {
        flood.add(post(client, i, FLOODER, "flood " + i));
      }
      Future.join(flood).await(120, TimeUnit.SECONDS);
      Map<Integer, Integer> statuses = new TreeMap<>();
      flood.forEach(response -> statuses.merge(response.succeeded() ? response.result().statusCode() : -1, 1,
          Integer::sum));
      assertTrue(statuses.keySet().stream().allMatch(status -> status == 200 || status == 429 || status == 503),
          "statuses: " + statuses);
      assertTrue(statuses.getOrDefault(200, 0) > 0, "statuses: " + statuses);

      assertEquals(200, post(client, FLOOD, OTHER, "hello, anyone there?").await().statusCode());
      JsonObject answer = replyTo(telegram, OTHER).await(60, TimeUnit.SECONDS);
      assertEquals("a slow answer", answer.getString("text"));

      long resident = residentBytes(bridge.pid());
      assertTrue(resident < MAX_RESIDENT_BYTES, "resident " + resident / (1024 * 1024) + " MB");
      System.out.printf("FloodIT: statuses %s, resident %d MB after the flood%n", statuses, resident / (1024 * 1024));
    }
  }

  private static Future<HttpResponse<Buffer>> post(WebClient client, int updateId, long sender, String text) {
    JsonObject update = new JsonObject().put("update_id", 100_000 + updateId).put("message", new JsonObject()
        .put("message_id", updateId + 1).put("date", System.currentTimeMillis() / 1000).put("text", text)
        .put("chat", new JsonObject().put("id", sender).put("type", "private"))
        .put("from", new JsonObject().put("id", sender).put("is_bot", false).put("first_name", "Sender " + sender)));
    return client.post("/webhooks/telegram").putHeader("X-Telegram-Bot-Api-Secret-Token", SECRET)
        .sendJsonObject(update);
  }

  /** The first sendMessage to {@code chatId}, checked on each call the fake records. */
  private Future<JsonObject> replyTo(FakeTelegramServer telegram, long chatId) {
    Promise<JsonObject> found = Promise.promise();
    vertx.setPeriodic(50, timer -> telegram.calls("sendMessage").stream()
        .filter(call -> call.body().getLong("chat_id", 0L) == chatId).findFirst().ifPresent(call -> {
          vertx.cancelTimer(timer);
          found.tryComplete(call.body());
        }));
    return found.future();
  }

  private static long residentBytes(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    }
    throw new IllegalStateException("no VmRSS for " + pid);
  }
}
