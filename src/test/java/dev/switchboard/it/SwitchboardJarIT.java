package dev.switchboard.it;

import dev.switchboard.fakes.ClosedPort;
import dev.switchboard.fakes.FakeModelBehaviour;
import dev.switchboard.fakes.FakeModelServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fat jar as an operator uses it: run, check, ask, doctor, and a clean stop on SIGTERM. */
class SwitchboardJarIT {

  private static Vertx vertx;
  private static FakeModelServer model;
  private static FakeModelServer backup;

  @TempDir
  Path dir;

  @BeforeAll
  static void fakes() {
    vertx = Vertx.vertx();
    model = FakeModelServer.start(vertx).await();
    backup = FakeModelServer.start(vertx).await();
    backup.always(FakeModelBehaviour.reply("Backup here."));
  }

  @AfterAll
  static void close() {
    vertx.close().await();
  }

  @BeforeEach
  void reset() {
    model.always(FakeModelBehaviour.reply(FakeModelServer.DEFAULT_REPLY));
    model.clearRequests();
  }

  private Path config(String primaryBaseUrl, int port) throws IOException {
    Path file = dir.resolve("switchboard.json5");
    Files.writeString(file, """
        // written by SwitchboardJarIT
        { gateway: { port: %d },
          agents: { defaults: { model: { primary: "lmstudio/fake-model", fallbacks: ["backup/fake-model"] },
                                timeoutSeconds: 20 } },
          models: { mode: "merge", providers: {
            lmstudio: { baseUrl: "%s", apiKey: "lmstudio", api: "openai-responses", connectTimeoutMs: 500,
                        firstTokenTimeoutMs: 15000, models: [{ id: "fake-model", contextWindow: 32768, maxTokens: 1024 }] },
            backup: { baseUrl: "%s", api: "openai-completions",
                      models: [{ id: "fake-model", contextWindow: 32768, maxTokens: 1024 }] } } },
          channels: { http: { token: "${SWITCHBOARD_HTTP_TOKEN}" },
                      telegram: { botToken: "${TELEGRAM_BOT_TOKEN}", webhookSecret: "${TELEGRAM_WEBHOOK_SECRET}" } },
          session: { store: { path: "%s" } } }
        """.formatted(port, primaryBaseUrl, backup.baseUrl(), dir.resolve("data/switchboard.db")));
    return file;
  }


  private static String dead() {
    return "http://127.0.0.1:" + ClosedPort.number() + "/v1";
  }

  @Test
  @DisplayName("run: the jar serves /healthz and /v1/responses with the token, then stops on SIGTERM")
  void runServesTheApi() throws Exception {
    int port = FreePort.any();
    Path config = config(model.baseUrl(), port);
    try (JarProcess bridge = JarProcess.start(Map.of("SWITCHBOARD_HTTP_TOKEN", "tok"), "run", "--config",
        config.toString())) {
      String ready = bridge.awaitReady();
      assertTrue(ready.contains("lmstudio/fake-model"), ready);
      assertTrue(bridge.stderr().contains("channel telegram not started: TELEGRAM_BOT_TOKEN not set"), bridge.stderr());
      List<String> warnings = bridge.logLines().stream().filter(line -> line.contains(" WARN ")).toList();
      assertTrue(warnings.stream().allMatch(line -> line.contains("channel telegram")),
          "the start warns only about what its configuration lacks: " + warnings);
      WebClient client = WebClient.create(vertx);
      assertEquals(200, client.get(port, "127.0.0.1", "/healthz").send().await().statusCode());
      HttpResponse<Buffer> response = client.post(port, "127.0.0.1", "/v1/responses").bearerTokenAuthentication("tok")
          .sendJsonObject(new JsonObject().put("model", "switchboard").put("input", "Hello")).await();
      assertEquals(200, response.statusCode(), response.bodyAsString());
      assertEquals(FakeModelServer.DEFAULT_REPLY, response.bodyAsJsonObject().getJsonArray("output")
          .getJsonObject(0).getJsonArray("content").getJsonObject(0).getString("text"));
      assertEquals(401, client.post(port, "127.0.0.1", "/v1/responses")
          .sendJsonObject(new JsonObject().put("input", "x")).await().statusCode());
      assertTrue(bridge.terminate(), "the bridge did not stop on SIGTERM");
    }
  }

  @Test
  @DisplayName("ask --json prints the final text and the model; a dead primary shows fallbackFrom")
  void askPrintsTheReply() throws Exception {
    JarProcess ok = JarProcess.run(Map.of(), "ask", "--json", "--config", config(model.baseUrl(), 0).toString(), "Hi");
    assertEquals(0, ok.exitCode(), ok.stderr());
    JsonObject answer = new JsonObject(ok.stdout().trim());
    assertEquals(FakeModelServer.DEFAULT_REPLY, answer.getString("text"));
    assertEquals("lmstudio/fake-model", answer.getString("model"));

    JarProcess fallback = JarProcess.run(Map.of(), "ask", "--json", "--config", config(dead(), 0).toString(), "Hi");
    assertEquals(0, fallback.exitCode(), fallback.stderr());
    JsonObject failedOver = new JsonObject(fallback.stdout().trim());
    assertEquals("Backup here.", failedOver.getString("text"));
    assertEquals("lmstudio/fake-model", failedOver.getString("fallbackFrom"));
  }

  @Test
  @DisplayName("ask exits non-zero with a one-line reason when no model answers")
  void askFailsCleanly() throws Exception {
    model.always(FakeModelBehaviour.badRequest());
    JarProcess failed = JarProcess.run(Map.of(), "ask", "--config", config(model.baseUrl(), 0).toString(), "Hi");
    assertEquals(1, failed.exitCode(), failed.stdout() + failed.stderr());
    assertEquals("", failed.stdout());
    assertEquals(1, failed.stderr().lines().count(), failed.stderr());
    assertTrue(failed.stderr().startsWith("switchboard: no answer:"), failed.stderr());
  }

  @Test
  @DisplayName("check prints the resolved chain and what each channel lacks")
  void checkDescribesTheConfig() throws Exception {
    JarProcess check = JarProcess.run(Map.of(), "check", "--config", config(model.baseUrl(), 8080).toString());
    assertEquals(0, check.exitCode(), check.stderr());
    assertTrue(check.stdout().contains("1. lmstudio/fake-model"), check.stdout());
    assertTrue(check.stdout().contains("2. backup/fake-model"), check.stdout());
    assertTrue(check.stdout().contains("TELEGRAM_BOT_TOKEN not set"), check.stdout());
  }

  @Test
  @DisplayName("without a locale (LC_ALL=C) check still prints non-ASCII text, in UTF-8")
  void checkPrintsNonAsciiWithoutALocale() throws Exception {
    Path file = config(model.baseUrl(), 8080);
    Files.writeString(file, Files.readString(file).replace("timeoutSeconds: 20 }",
        "timeoutSeconds: 20, models: { \"lmstudio/fake-model\": { alias: \"Modèle\" } } }"));
    JarProcess check = JarProcess.run(Map.of("LC_ALL", "C", "LANG", "C"), "check", "--config", file.toString());
    assertEquals(0, check.exitCode(), check.stderr());
    // Aliases are case-insensitive and shown in lower case.
    assertTrue(check.stdout().contains("modèle → lmstudio/fake-model"), check.stdout());
  }

  @Test
  @DisplayName("a wrong config stops at start with the JSON path and exit code 2")
  void wrongConfigFailsWithPath() throws Exception {
    Path bad = dir.resolve("bad.json5");
    Files.writeString(bad, "{ models: { providers: { lmstudio: { baseUrl: 'http://127.0.0.1:1234/v1', "
        + "api: 'openai-response', models: [{ id: 'm' }] } } } }");
    JarProcess check = JarProcess.run(Map.of(), "run", "--config", bad.toString());
    assertEquals(2, check.exitCode());
    assertTrue(check.stderr().contains("models.providers.lmstudio.api: \"openai-response\" is not one of"),
        check.stderr());
    assertFalse(check.stderr().contains("\tat "), "no stack trace: " + check.stderr());
  }

  @Test
  @DisplayName("pairing list and approve work from the command line, with a clear error for a wrong code")
  void pairingCommands() throws Exception {
    String config = config(model.baseUrl(), 0).toString();
    JarProcess list = JarProcess.run(Map.of(), "pairing", "list", "--config", config);
    assertEquals(0, list.exitCode(), list.stderr());
    assertEquals("No pending pairing codes.", list.stdout().trim());

    JarProcess approve = JarProcess.run(Map.of(), "pairing", "approve", "telegram", "ABCD2345", "--config", config);
    assertEquals(1, approve.exitCode());
    assertEquals(1, approve.stderr().lines().count(), approve.stderr());
    assertTrue(approve.stderr().startsWith("switchboard: "), approve.stderr());

    JarProcess usage = JarProcess.run(Map.of(), "pairing", "approve", "--config", config);
    assertEquals(2, usage.exitCode());
  }

  @Test
  @DisplayName("doctor exits 0 when the primary answers and 1 when it is down, saying why")
  void doctorTellsWhetherThePrimaryWorks() throws Exception {
    JarProcess healthy = JarProcess.run(Map.of(), "doctor", "--config", config(model.baseUrl(), 0).toString());
    assertEquals(0, healthy.exitCode(), healthy.stdout() + healthy.stderr());
    assertTrue(healthy.stdout().contains("generation: ok"), healthy.stdout());
    assertTrue(healthy.stdout().contains("lists the model"), healthy.stdout());

    JarProcess down = JarProcess.run(Map.of(), "doctor", "--config", config(dead(), 0).toString());
    assertEquals(1, down.exitCode(), down.stdout());
    assertTrue(down.stdout().contains("generation: connection"), down.stdout());
    assertTrue(down.stdout().contains("PRIMARY MODEL DOES NOT WORK"), down.stdout());
  }
}
