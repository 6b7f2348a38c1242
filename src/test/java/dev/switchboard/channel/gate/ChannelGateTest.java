package dev.switchboard.channel.gate;

import dev.switchboard.channel.ChannelOptions;
import dev.switchboard.channel.PairingStores;
import dev.switchboard.channel.InMemoryDedupeLog;
import dev.switchboard.channel.MutableClock;
import dev.switchboard.channel.Messages;
import dev.switchboard.store.DedupeLog;
import dev.switchboard.store.PairingStore;
import dev.switchboard.store.SqliteStore;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.channel.gate.GateDecision.Action;
import dev.switchboard.config.MessagesConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class ChannelGateTest {

  @TempDir
  Path dir;
  private final MutableClock clock = new MutableClock();
  private InMemoryDedupeLog dedupe;
  private PairingStore pairing;
  private Vertx vertx;

  @BeforeEach
  void setUp(Vertx vertx) {
    dedupe = new InMemoryDedupeLog(clock, Duration.ofHours(24), 1000);
    this.vertx = vertx;
    pairing = PairingStores.in(vertx, dir, clock);
  }

  @Test
  void aFreshMessageFromAnAdmittedSenderIsPublished() {
    assertEquals(GateDecision.publish(), gate(DmPolicy.OPEN, 20).admit(dm("1", "111")).await());
  }

  @Test
  void aRetriedMessageIsIgnoredAsDuplicate() {
    ChannelGate gate = gate(DmPolicy.OPEN, 20);
    gate.admit(dm("1", "111")).await();
    assertEquals(GateDecision.ignore("duplicate"), gate.admit(dm("1", "111")).await());
  }

  @Test
  void aStaleReplayIsDroppedBeforeItReachesTheDedupeLog() {
    ChannelGate gate = gate(DmPolicy.OPEN, 20);
    InboundMessage replay = Messages.dm("1", "111", clock.millis() - Duration.ofDays(7).toMillis());
    GateDecision decision = gate.admit(replay).await();
    assertEquals(Action.IGNORE, decision.action());
    assertEquals("stale (sent 604800 s ago)", decision.reason());
    assertEquals(0, dedupe.size());
  }

  @Test
  void aDuplicateOfAPairingMessageDoesNotGetASecondReply() {
    ChannelGate gate = gate(DmPolicy.PAIRING, 20);
    assertEquals(Action.REPLY, gate.admit(dm("1", "111")).await().action());
    assertEquals(GateDecision.ignore("duplicate"), gate.admit(dm("1", "111")).await());
  }

  @Test
  void aSenderOverTheRateLimitIsToldOnceThenIgnored() {
    ChannelGate gate = gate(DmPolicy.OPEN, 2);
    gate.admit(dm("1", "111")).await();
    gate.admit(dm("2", "111")).await();
    assertEquals(GateDecision.reply("rate limited", SenderRateLimit.NOTICE), gate.admit(dm("3", "111")).await());
    assertEquals(GateDecision.ignore("rate limited"), gate.admit(dm("4", "111")).await());
    assertEquals(GateDecision.publish(), gate.admit(dm("5", "222")).await());
  }

  @Test
  void deniedMessagesDoNotSpendTheRateLimit() {
    ChannelGate gate = gate(DmPolicy.DISABLED, 1);
    gate.admit(dm("1", "111")).await();
    gate.admit(dm("2", "111")).await();
    assertEquals(GateDecision.publish(), gate.admit(Messages.group("3", "111", clock.millis())).await());
  }

  @Test
  void aFailingPairingStoreDropsTheMessageInsteadOfFailingTheWebhook() {
    dev.switchboard.store.SqliteStore broken = PairingStores.open(vertx, dir.resolve("closed"), clock);
    broken.close().await();
    pairing = broken.pairing();
    assertEquals(GateDecision.ignore("access check failed"), gate(DmPolicy.PAIRING, 20).admit(dm("1", "111")).await());
  }

  @Test
  void aFailingDedupeLogFailsTheGateSoThePlatformRetries() {
    ChannelGate gate = new ChannelGate(new StaleMessageFilter(3600, clock),
        new DedupeLog() {
          @Override
          public Future<Boolean> firstSighting(String id) {
            return Future.failedFuture("database is locked");
          }

          @Override
          public void forget(String id) {
          }
        },
        new AccessPolicy(ChannelOptions.defaults(DmPolicy.OPEN), pairing), new SenderRateLimit(20, clock));
    Exception error = assertThrows(Exception.class, () -> gate.admit(dm("1", "111")).await());
    assertTrue(error.getMessage().contains("database is locked"));
  }

  // ---- admitInto: what the channels run, journaling what it admits

  @Test
  void anAdmittedMessageIsJournaledAndItsRetriesCostNoRateToken() {
    SqliteStore store = PairingStores.open(vertx, dir.resolve("journal"), clock);
    ChannelGate gate = storeGate(store, DmPolicy.OPEN, 2);
    InboundMessage first = dm("1", "111");
    assertEquals(GateDecision.publish(), gate.admitInto(store.inbox(), first).await());
    for (int retry = 0; retry < 3; retry++) {
      assertEquals(GateDecision.ignore("duplicate"), gate.admitInto(store.inbox(), first).await());
    }
    assertEquals(GateDecision.publish(), gate.admitInto(store.inbox(), dm("2", "111")).await(),
        "the sender's second message still has its token");
    assertEquals(GateDecision.reply("rate limited", SenderRateLimit.NOTICE),
        gate.admitInto(store.inbox(), dm("3", "111")).await());
    assertEquals(List.of("telegram:1", "telegram:2"),
        journaledIds(store));
  }

  @Test
  void aRetryOfARateLimitedMessageIsADuplicateNotANewMessage() {
    SqliteStore store = PairingStores.open(vertx, dir.resolve("journal"), clock);
    ChannelGate gate = storeGate(store, DmPolicy.OPEN, 1);
    gate.admitInto(store.inbox(), dm("1", "111")).await();
    assertEquals(Action.REPLY, gate.admitInto(store.inbox(), dm("2", "111")).await().action());
    clock.advance(Duration.ofMinutes(1));
    assertEquals(GateDecision.ignore("duplicate"), gate.admitInto(store.inbox(), dm("2", "111")).await(),
        "dropped once; its retry, with a token to spare by now, is not answered");
    assertEquals(List.of("telegram:1"), journaledIds(store));
  }

  @Test
  void anUnknownSenderIsDeduplicatedBeforeGettingAPairingCodeAndIsNotJournaled() {
    SqliteStore store = PairingStores.open(vertx, dir.resolve("journal"), clock);
    ChannelGate gate = storeGate(store, DmPolicy.PAIRING, 20);
    assertEquals(Action.REPLY, gate.admitInto(store.inbox(), dm("1", "111")).await().action());
    assertEquals(GateDecision.ignore("duplicate"), gate.admitInto(store.inbox(), dm("1", "111")).await());
    assertEquals(List.of(), store.inbox().unanswered().await());
  }

  @Test
  void anApprovedSenderIsJournaledInOneStepAndStaleMessagesAreNot() {
    SqliteStore store = PairingStores.open(vertx, dir.resolve("journal"), clock);
    ChannelGate gate = storeGate(store, DmPolicy.PAIRING, 20);
    String code = store.pairing().request("telegram", "111", "Ann").await().pairing().code();
    store.pairing().approve("telegram", code).await();
    assertEquals(GateDecision.publish(), gate.admitInto(store.inbox(), dm("1", "111")).await());
    InboundMessage replay = Messages.dm("2", "111", clock.millis() - Duration.ofDays(7).toMillis());
    assertEquals(Action.IGNORE, gate.admitInto(store.inbox(), replay).await().action());
    assertEquals(List.of("telegram:1"), journaledIds(store));
  }

  @Test
  void aMessageTheStoreCouldNotKeepFailsAndItsRetryIsAdmitted() {
    SqliteStore store = PairingStores.open(vertx, dir.resolve("journal"), clock);
    ChannelGate gate = storeGate(store, DmPolicy.OPEN, 1);
    store.close().await();
    assertThrows(Exception.class, () -> gate.admitInto(store.inbox(), dm("1", "111")).await());
    SqliteStore reopened = PairingStores.open(vertx, dir.resolve("journal"), clock);
    assertEquals(GateDecision.publish(), storeGate(reopened, DmPolicy.OPEN, 1)
        .admitInto(reopened.inbox(), dm("1", "111")).await());
    assertEquals(GateDecision.publish(), gate.admitInto(reopened.inbox(), dm("2", "111")).await(),
        "the failed attempt gave its rate token back");
  }

  /** The ids of the messages journaled and waiting for their answer, in arrival order. */
  private static List<String> journaledIds(SqliteStore store) {
    return store.inbox().unanswered().await().stream().map(InboundMessage::id).toList();
  }

  private ChannelGate storeGate(SqliteStore store, DmPolicy dmPolicy, int perMinute) {
    return ChannelGate.create(ChannelOptions.defaults(dmPolicy), new MessagesConfig(3600, perMinute),
        store.dedupeLog(), store.pairing(), clock);
  }

  private ChannelGate gate(DmPolicy dmPolicy, int perMinute) {
    return ChannelGate.create(ChannelOptions.defaults(dmPolicy), new MessagesConfig(3600, perMinute), dedupe, pairing,
        clock);
  }

  private InboundMessage dm(String id, String sender) {
    return Messages.dm(id, sender, clock.millis() - 1000);
  }
}
