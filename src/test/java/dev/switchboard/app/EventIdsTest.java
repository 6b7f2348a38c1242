package dev.switchboard.app;

import dev.switchboard.bus.Addresses;
import dev.switchboard.fakes.SseListener;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /v1/events} ids are the node's, not a gateway instance's: the same on every connection,
 * resumable on whichever instance takes the reconnection, and never mistaken for another run's or
 * node's. Vert.x hands new connections to the instances in turn, so {@link #CONNECTIONS} opened one
 * after the other reach every instance (they share the port 0 picked, see {@link GatewayInstancesTest}),
 * and each of them is checked.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class EventIdsTest {

  private static final int INSTANCES = 3;
  private static final int CONNECTIONS = 2 * INSTANCES;
  /** Probes are {@code failover} events: the filter takes only types the bridge publishes, and no model fails here. */
  private static final String PROBES = "/v1/events?types=failover";

  @TempDir
  Path dir;

  private Vertx vertx;
  private MessagingBridge bridge;
  private final List<SseListener> opened = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    bridge = MessagingBridge.start(vertx, dir, "", "", "instances: " + INSTANCES + ", port: 0");
  }

  @AfterEach
  void stop() {
    opened.forEach(listener -> listener.close().await());
    bridge.close().await();
  }

  private SseListener listen(String lastEventId) {
    SseListener listener = SseListener.open(vertx, bridge.port(), PROBES, MessagingBridge.API_TOKEN, lastEventId)
        .await();
    assertEquals(200, listener.status());
    opened.add(listener);
    return listener;
  }

  private List<SseListener> listenOnEveryInstance(String lastEventId) {
    List<SseListener> listeners = new ArrayList<>();
    for (int n = 0; n < CONNECTIONS; n++) {
      listeners.add(listen(lastEventId));
    }
    return listeners;
  }

  private void probe(int n) {
    vertx.eventBus().publish(Addresses.EVENTS, new JsonObject().put("type", "failover").put("n", n));
  }

  private static SseListener.Event probe(SseListener listener, int n) throws InterruptedException {
    return listener.nextMatching(event -> event.json().getInteger("n") == n, 10);
  }

  private static String boot(String id) {
    return id.substring(0, id.lastIndexOf('-'));
  }

  @Test
  void everyConnectionGivesAnEventTheSameId() throws Exception {
    SseListener first = listen(null);
    probe(0);
    probe(first, 0);
    List<SseListener> later = listenOnEveryInstance(null);

    probe(1);
    Set<String> ids = new TreeSet<>();
    ids.add(probe(first, 1).id());
    for (SseListener listener : later) {
      ids.add(probe(listener, 1).id());
    }
    assertEquals(1, ids.size(), "one id for the event on every connection: " + ids);
    assertTrue(ids.iterator().next().matches("[0-9a-z]+-[0-9]+"), ids.toString());
  }

  @Test
  void aReconnectionOnAnyInstanceGetsExactlyTheLaterEvents() throws Exception {
    SseListener first = listen(null);
    probe(1);
    probe(2);
    probe(3);
    String afterOne = probe(first, 1).id();
    probe(first, 3);

    List<SseListener> resumed = listenOnEveryInstance(afterOne);
    probe(4);
    for (SseListener listener : resumed) {
      assertEquals(2, listener.next(10).json().getInteger("n"));
      assertEquals(3, listener.next(10).json().getInteger("n"));
      assertEquals(4, listener.next(10).json().getInteger("n"), "nothing replayed twice, nothing else");
    }
  }

  @Test
  void whatHappenedBeforeTheFirstListenerCanBeReplayed() throws Exception {
    probe(1);
    probe(2);
    SseListener first = listen(null);
    probe(3);
    String id = probe(first, 3).id();

    SseListener fromTheStart = listen(boot(id) + "-0");
    assertEquals(1, fromTheStart.next(10).json().getInteger("n"));
    assertEquals(2, fromTheStart.next(10).json().getInteger("n"));
    assertEquals(3, fromTheStart.next(10).json().getInteger("n"));
  }

  @Test
  void anIdOfAnEarlierRunOrAnotherNodeGetsAResetNotEventsThatShareItsNumber() throws Exception {
    SseListener before = listen(null);
    probe(1);
    probe(2);
    String earlier = probe(before, 1).id();
    probe(before, 2);
    before.close().await();
    opened.remove(before);

    bridge.stopBridge();
    bridge.startBridge();
    SseListener after = listen(null);
    for (int n = 3; n <= 6; n++) {
      probe(n);
    }
    String now = probe(after, 6).id();
    assertFalse(boot(now).equals(boot(earlier)), "a new run, a new boot: " + earlier + ", " + now);

    String otherNode = "zz0" + boot(now) + "-1";
    for (String lastEventId : List.of(earlier, otherNode)) {
      for (SseListener listener : listenOnEveryInstance(lastEventId)) {
        SseListener.Event reset = listener.next(10);
        assertEquals("reset", reset.event(), lastEventId + " gave " + reset);
        assertTrue(reset.json().getString("reason").contains(lastEventId), reset.data());
      }
    }
    probe(7);
    for (SseListener listener : opened) {
      assertEquals(7, listener.next(10).json().getInteger("n"), "after the reset, the events as they come");
    }
  }

  @Test
  void aHostileLastEventIdIsQuotedInTheResetNotSpliced() throws Exception {
    String hostile = "x\"}, \"evil\": {\"a";
    SseListener listener = listen(hostile);

    SseListener.Event reset = listener.next(10);
    assertEquals("reset", reset.event());
    JsonObject data = reset.json();
    assertEquals(Set.of("type", "reason"), data.fieldNames());
    assertEquals("reset", data.getString("type"));
    assertTrue(data.getString("reason").contains(hostile), data.getString("reason"));
  }
}
