package dev.switchboard.model;

import dev.switchboard.config.ModelApi;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.model.TestModels.ask;
import static dev.switchboard.model.TestModels.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

/**
 * A connection closed before any answer (what a client sees when it reuses a keep-alive connection
 * the server has just closed as idle) is retried once on a new connection; any other drop is
 * {@link ModelErrorClass#BROKEN} at once. The backend here is a bare HTTP server, because dropping a
 * connection without answering is the whole behaviour under test.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class DroppedConnectionRetryTest {

  private static final String REPLY = "Answered on the second connection.";

  /** What the backend does with each request, in order; answers once the script is used up. */
  private enum Action { DROP, DROP_LATE }

  private final Queue<Action> script = new ConcurrentLinkedQueue<>();
  private final List<HttpConnection> connections = new CopyOnWriteArrayList<>();
  private final List<Future<Void>> closed = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private HttpServer server;
  private ModelClients clients;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1").await();
    clients = new ModelClients(vertx);
  }

  @AfterEach
  void stop() {
    clients.close().await();
    server.close().await();
  }

  @Test
  void aConnectionClosedUnansweredIsRetriedOnceOnANewConnection() throws Exception {
    script.add(Action.DROP);

    ModelReply reply = client().generate(ask("Hi")).await();

    assertEquals(REPLY, reply.text());
    assertEquals(2, connections.size(), "one request per connection");
    assertNotSame(connections.get(0), connections.get(1));
    // The retry's connection is the exchange's own: it is closed, not left open beside the pool.
    closed.get(1).await(5, TimeUnit.SECONDS);
  }

  @Test
  void aSecondUnansweredCloseIsBroken() {
    script.add(Action.DROP);
    script.add(Action.DROP);

    ModelException failure = failureOf(client().generate(ask("Hi")));

    assertEquals(ModelErrorClass.BROKEN, failure.errorClass(), failure.getMessage());
    assertEquals(2, connections.size(), "retried once, not more");
  }

  @Test
  void aConnectionClosedAfterTheRetryWindowIsNotRetried() {
    script.add(Action.DROP_LATE);

    ModelException failure = failureOf(client().generate(ask("Hi")));

    assertEquals(ModelErrorClass.BROKEN, failure.errorClass(), failure.getMessage());
    assertEquals(1, connections.size(), "a backend that may have been generating is not asked twice");
  }

  private ModelClient client() {
    return clients.create(TestModels.model(ModelApi.OPENAI_COMPLETIONS,
        "http://127.0.0.1:" + server.actualPort() + "/v1", false));
  }

  private void handle(HttpServerRequest request) {
    Promise<Void> connectionClosed = Promise.promise();
    request.connection().closeHandler(v -> connectionClosed.tryComplete());
    connections.add(request.connection());
    closed.add(connectionClosed.future());
    Action action = script.poll();
    request.body().onSuccess(body -> {
      if (action == Action.DROP) {
        request.connection().close();
      } else if (action == Action.DROP_LATE) {
        vertx.setTimer(HttpExchange.NEW_CONNECTION_RETRY_WINDOW_MS + 200, id -> request.connection().close());
      } else {
        request.response().putHeader("content-type", "application/json").end(new JsonObject()
            .put("object", "chat.completion")
            .put("choices", new JsonArray().add(new JsonObject().put("index", 0).put("finish_reason", "stop")
                .put("message", new JsonObject().put("role", "assistant").put("content", REPLY))))
            .toBuffer());
      }
    });
  }
}
