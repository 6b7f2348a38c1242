package dev.switchboard.model;

import dev.switchboard.config.ModelApi;
import dev.switchboard.fakes.FakeModelServer;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.provider.Arguments;

import java.util.stream.Stream;

/**
 * Base of the tests that drive real {@link ModelClients} over HTTP: one {@link FakeModelServer} and
 * one {@code ModelClients} per test class, with the recorded requests forgotten before each test.
 */
@ExtendWith(VertxExtension.class)
abstract class FakeBackendTestBase {

  static FakeModelServer fake;
  static ModelClients clients;

  @BeforeAll
  static void startFakeBackend(Vertx vertx) {
    fake = FakeModelServer.start(vertx).await();
    clients = new ModelClients(vertx);
  }

  @AfterAll
  static void stopFakeBackend() {
    clients.close().await();
    fake.close().await();
  }

  @BeforeEach
  void forgetRequests() {
    fake.clearRequests();
  }

  /** Every API, streamed and buffered: the arguments of {@code @MethodSource("backends")}. */
  static Stream<Arguments> backends() {
    return Stream.of(ModelApi.values()).flatMap(api -> Stream.of(Arguments.of(api, true), Arguments.of(api, false)));
  }

  /** A client of the fake for {@code api}, with generous deadlines. */
  static ModelClient client(ModelApi api, boolean stream) {
    return clients.create(TestModels.model(api, fake.baseUrl(), stream));
  }
}
