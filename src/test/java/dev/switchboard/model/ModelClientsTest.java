package dev.switchboard.model;

import dev.switchboard.config.ModelApi;
import dev.switchboard.fakes.FakeModelServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.model.TestModels.ask;
import static dev.switchboard.model.TestModels.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class ModelClientsTest {

  private FakeModelServer fake;

  @BeforeEach
  void start(Vertx vertx) {
    fake = FakeModelServer.start(vertx).await();
  }

  @AfterEach
  void stop() {
    fake.close().await();
  }

  @Test
  void eachApiGetsItsOwnEndpoint(Vertx vertx) {
    ModelClients clients = new ModelClients(vertx);
    for (ModelApi api : ModelApi.values()) {
      clients.create(TestModels.model(api, fake.baseUrl(), false)).generate(ask("Hi")).await();
    }
    assertEquals(List.of("/v1/responses", "/v1/chat/completions", "/v1/messages"),
        fake.requests().stream().map(r -> r.path()).toList());
    clients.close().await();
  }

  @Test
  void concurrentRequestsFromAnotherThreadAreAllAnswered(Vertx vertx) {
    ModelClients clients = new ModelClients(vertx);
    ModelClient client = clients.create(TestModels.model(ModelApi.OPENAI_RESPONSES, fake.baseUrl(), true));
    List<Future<ModelReply>> replies = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      replies.add(client.generate(ask("Hi " + i)));
    }
    Future.all(replies).await();
    replies.forEach(reply -> assertEquals(FakeModelServer.DEFAULT_REPLY, reply.result().text()));
    clients.close().await();
  }

  @Test
  void closedClientsFailWithoutReachingTheBackend(Vertx vertx) {
    ModelClients clients = new ModelClients(vertx);
    ModelClient client = clients.create(TestModels.model(ModelApi.OPENAI_COMPLETIONS, fake.baseUrl(), true));
    clients.close().await();
    assertEquals(ModelErrorClass.CONNECTION, failureOf(client.generate(ask("Hi"))).errorClass());
    assertEquals(List.of(), fake.requests());
  }
}
