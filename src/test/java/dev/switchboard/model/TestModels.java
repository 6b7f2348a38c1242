package dev.switchboard.model;

import dev.switchboard.bus.ChatMessage;
import dev.switchboard.config.ModelApi;
import dev.switchboard.config.ModelDefinition;
import dev.switchboard.config.ModelRef;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.config.ReasoningTags;
import dev.switchboard.config.ResolvedModel;
import dev.switchboard.fakes.FakeModelServer;
import io.vertx.core.Future;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

/** Provider configs and requests for model tests, built directly (no config loader involved). */
final class TestModels {

  static final String API_KEY = "sk-test-secret-key-0123456789";
  static final long GENEROUS_MS = 5_000;

  private TestModels() {
  }

  static ResolvedModel model(ModelApi api, String baseUrl, boolean stream) {
    return model(api, baseUrl, stream, GENEROUS_MS, GENEROUS_MS);
  }

  static ResolvedModel model(ModelApi api, String baseUrl, boolean stream, long firstTokenTimeoutMs, long idleTimeoutMs) {
    return model(api, baseUrl, stream, firstTokenTimeoutMs, idleTimeoutMs, ReasoningTags.PAIRED);
  }

  static ResolvedModel model(ModelApi api, String baseUrl, boolean stream, long firstTokenTimeoutMs, long idleTimeoutMs,
                             ReasoningTags tags) {
    ProviderConfig provider = new ProviderConfig("fake-" + api.configName(), baseUrl, API_KEY, null, api, 1_000,
        firstTokenTimeoutMs, idleTimeoutMs, stream, Map.of("X-Title", "switchboard-test"), false, 3, 30_000,
        ProviderConfig.DEFAULT_MAX_CONNECTIONS, List.of(new ModelDefinition(FakeModelServer.MODEL_ID, "Fake", false, FakeModelServer.DEFAULT_CONTEXT_LENGTH, 512, tags)));
    return new ResolvedModel(new ModelRef(provider.id(), FakeModelServer.MODEL_ID), provider,
        provider.models().get(0));
  }

  static ModelRequest ask(String text) {
    return new ModelRequest("Be brief.", List.of(ChatMessage.user(text)), System.currentTimeMillis() + 10_000);
  }

  /** Waits for {@code future} to fail and returns its classified failure. */
  static ModelException failureOf(Future<?> future) {
    try {
      future.await();
    } catch (Throwable failure) {
      return assertInstanceOf(ModelException.class, failure);
    }
    return fail("expected a failure, got " + future.result());
  }
}
