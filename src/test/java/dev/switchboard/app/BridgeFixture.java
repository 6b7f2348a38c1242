package dev.switchboard.app;

import dev.switchboard.bus.ChatType;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.store.SqliteStore;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * A bridge with the HTTP API and a Telegram channel against fakes, on a store that may hold messages a
 * previous run accepted and did not answer.
 */
final class BridgeFixture {

  static final String TELEGRAM_TOKEN = "123456:RETRY-token";
  static final String API_TOKEN = "api-token";
  static final long CHAT = 4242;

  private BridgeFixture() {
  }

  /** {@code extraChannels} is JSON5 members added to {@code channels} (a disabled slack, say). */
  static SwitchboardConfig config(Path store, String modelBaseUrl, String telegramBaseUrl, String extraChannels) {
    return config(store, modelBaseUrl, telegramBaseUrl, extraChannels, "");
  }

  /** {@code extraSections} is JSON5 members added at the top level ({@code messages: {...}}, say). */
  static SwitchboardConfig config(Path store, String modelBaseUrl, String telegramBaseUrl, String extraChannels,
                                  String extraSections) {
    return ConfigLoader.parse("test", """
        { gateway: { port: 0 },
          agents: { defaults: { model: { primary: "local/fake-model" }, timeoutSeconds: 10 } },
          models: { mode: "replace", providers: {
            local: { baseUrl: "%s", apiKey: "k", api: "openai-responses",
                     models: [{ id: "fake-model", contextWindow: 32768, maxTokens: 1024 }] } } },
          channels: {
            http: { token: "%s" },
            telegram: { botToken: "%s", webhookSecret: "secret", apiBaseUrl: "%s", dmPolicy: "open" },
            %s },
          session: { store: { path: "%s" } },
          %s }
        """.formatted(modelBaseUrl, API_TOKEN, TELEGRAM_TOKEN, telegramBaseUrl, extraChannels, store, extraSections),
        Map.of());
  }

  /** What a crashed run leaves behind: messages journaled (so acknowledged) and never answered. */
  static void leaveUnanswered(Vertx vertx, Path store, List<InboundMessage> messages) {
    SqliteStore previousRun = SqliteStore.open(vertx, store.toString(), Clock.systemUTC()).await();
    messages.forEach(message -> previousRun.inbox().journal(message).await());
    previousRun.close().await();
  }

  static InboundMessage message(String channel, String id, String text) {
    return new InboundMessage(channel + ":" + id, channel, "bot", String.valueOf(CHAT), ChatType.DM, "77", "Ada",
        null, text, System.currentTimeMillis(), null);
  }
}
