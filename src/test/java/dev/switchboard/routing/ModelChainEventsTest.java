package dev.switchboard.routing;

import dev.switchboard.bus.Addresses;
import dev.switchboard.model.ModelErrorClass;
import dev.switchboard.ops.Metrics;
import dev.switchboard.routing.ModelStatus.State;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.routing.ChainFixtures.A;
import static dev.switchboard.routing.ChainFixtures.AWAIT_SECONDS;
import static dev.switchboard.routing.ChainFixtures.B;
import static dev.switchboard.routing.ChainFixtures.C;
import static dev.switchboard.routing.ChainFixtures.answer;
import static dev.switchboard.routing.ChainFixtures.catalog;
import static dev.switchboard.routing.ChainFixtures.nextEvent;
import static dev.switchboard.routing.ChainFixtures.providersABC;
import static dev.switchboard.routing.ChainFixtures.request;
import static dev.switchboard.routing.ScriptedModels.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What watchers of {@code switchboard.events} and {@code /metrics} learn about failovers and breakers. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class ModelChainEventsTest {

  private Vertx vertx;
  private ScriptedModels models;
  private Metrics metrics;
  private ModelChain chain;
  private final List<JsonObject> events = new CopyOnWriteArrayList<>();
  private final Promise<Void> markerSeen = Promise.promise();

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    this.vertx = vertx;
    models = new ScriptedModels(vertx);
    metrics = new Metrics();
    chain = new ModelChain(vertx, catalog(providersABC(), A, B, C), models, metrics);
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(Addresses.EVENTS, m -> {
      if ("marker".equals(m.body().getString("type"))) {
        markerSeen.tryComplete();
      } else {
        events.add(m.body());
      }
    });
    consumer.completion().await(AWAIT_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * Every event published before this call, in order: a marker published last reaches the same
   * consumer last (two consumers may run on different event loops, so only the same one tells).
   */
  private List<JsonObject> eventsSoFar() throws Exception {
    vertx.eventBus().publish(Addresses.EVENTS, new JsonObject().put("type", "marker"));
    markerSeen.future().await(AWAIT_SECONDS, TimeUnit.SECONDS);
    return List.copyOf(events);
  }

  @Test
  void aFailoverIsPublishedOnceWithFromToAndReason() throws Exception {
    models.script(A, error(ModelErrorClass.SERVER));

    answer(chain, request("hi"));

    assertEquals(List.of(new JsonObject().put("type", "failover").put("from", A).put("to", B)
        .put("reason", "server_error")), eventsSoFar());
  }

  @Test
  void eachStepOfALongerFailoverIsPublished() throws Exception {
    models.script(A, error(ModelErrorClass.TIMEOUT));
    models.script(B, error(ModelErrorClass.EMPTY_REPLY));

    ChainReply reply = answer(chain, request("hi"));

    assertEquals(C, reply.model().toString());
    assertEquals(A, reply.fallbackFrom().toString());
    List<JsonObject> failovers = eventsSoFar();
    assertEquals(2, failovers.size());
    assertEquals(List.of(A, "timeout"), List.of(failovers.get(0).getString("from"), failovers.get(0).getString("reason")));
    assertEquals(List.of(B, C, "empty_reply"), List.of(failovers.get(1).getString("from"),
        failovers.get(1).getString("to"), failovers.get(1).getString("reason")));
  }

  @Test
  void aBrokenStreamIsPublishedAsAFailoverWithoutABreakerChange() throws Exception {
    models.script(A, error(ModelErrorClass.BROKEN));

    answer(chain, request("hi"));

    assertEquals(List.of(new JsonObject().put("type", "failover").put("from", A).put("to", B)
        .put("reason", "broken")), eventsSoFar());
  }

  @Test
  void aBreakerOpeningIsPublishedWithTheModel() throws Exception {
    models.script(A, error(ModelErrorClass.CONNECTION));
    // The breaker tells of its opening on its own turn of the event loop, so it is awaited, not assumed.
    var opened = nextEvent(vertx, event -> "breaker".equals(event.getString("type")));

    answer(chain, request("hi"));

    JsonObject breaker = opened.await(AWAIT_SECONDS, TimeUnit.SECONDS);
    List<JsonObject> published = eventsSoFar();
    assertEquals(A, breaker.getString("model"));
    assertEquals(State.OPEN.wireName(), breaker.getString("state"));
    assertEquals(1, published.stream().filter(e -> "failover".equals(e.getString("type"))).count());
  }

  @Test
  void aDisabledModelIsPublishedWithItsEnd() throws Exception {
    models.script(A, error(ModelErrorClass.AUTH));
    var published = nextEvent(vertx, event -> "breaker".equals(event.getString("type")));

    answer(chain, request("hi"));

    JsonObject disabled = published.await(AWAIT_SECONDS, TimeUnit.SECONDS);
    assertEquals(State.DISABLED.wireName(), disabled.getString("state"));
    assertTrue(disabled.getLong("until") > System.currentTimeMillis());
  }

  @Test
  void failoversAndTurnsAreCountedInMetrics() throws Exception {
    models.script(A, error(ModelErrorClass.SERVER));

    answer(chain, request("one"));
    answer(chain, request("two"));

    String scrape = metrics.scrape();
    assertTrue(scrape.contains("switchboard_model_failover_total{from=\"local/a\",reason=\"server_error\",to=\"remote/b\"} 2"),
        scrape);
    assertTrue(scrape.contains("switchboard_turns_total{outcome=\"ok\"} 2"), scrape);
    assertTrue(scrape.contains("switchboard_model_calls_total{model=\"local/a\",outcome=\"server_error\"} 2"), scrape);
    assertTrue(scrape.contains("switchboard_model_calls_total{model=\"remote/b\",outcome=\"ok\"} 2"), scrape);
    assertTrue(scrape.contains("switchboard_model_call_seconds_count{model=\"remote/b\"} 2"), scrape);
  }
}
