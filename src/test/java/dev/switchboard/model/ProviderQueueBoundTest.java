package dev.switchboard.model;

import dev.switchboard.config.ModelApi;
import dev.switchboard.config.ModelDefinition;
import dev.switchboard.config.ModelRef;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.config.ResolvedModel;
import dev.switchboard.fakes.FakeModelBehaviour;
import dev.switchboard.fakes.FakeModelServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.switchboard.model.TestModels.ask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Requests waiting for a provider's connections are bounded: past 64 per connection, a request fails at once. */
@ExtendWith(VertxExtension.class)
class ProviderQueueBoundTest {

  @Test
  void aRequestPastTheWaitingBoundFailsAtOnceAsAConnectionFailure(Vertx vertx) {
    FakeModelServer fake = FakeModelServer.start(vertx).await();
    fake.always(FakeModelBehaviour.hang());
    ProviderConfig provider = new ProviderConfig("one-gpu", fake.baseUrl(), "k", null, ModelApi.OPENAI_COMPLETIONS,
        1_000, 30_000, 30_000, false, Map.of(), false, 3, 30_000, 1,
        List.of(new ModelDefinition(FakeModelServer.MODEL_ID, "Fake", false, 32_768, 512)));
    ModelClients clients = new ModelClients(vertx);
    ModelClient client = clients.create(new ResolvedModel(new ModelRef("one-gpu", FakeModelServer.MODEL_ID), provider,
        provider.models().get(0)));

    List<Future<ModelReply>> held = new ArrayList<>();
    for (int i = 0; i < 1 + 64; i++) {
      held.add(client.generate(ask("held " + i)));
    }
    fake.awaitRequests(1).await();
    assertTrue(held.stream().noneMatch(Future::isComplete), "65 requests fit: one in flight, 64 waiting");
    Future<ModelReply> refused = client.generate(ask("one too many"));

    ModelException failure = TestModels.failureOf(refused);
    assertEquals(ModelErrorClass.CONNECTION, failure.errorClass());
    assertTrue(held.stream().noneMatch(Future::isComplete), "the waiting requests keep their place");
    assertEquals(1, fake.requests().size(), "one connection, so one request reached the server");
    clients.close().await();
    fake.close().await();
  }
}
