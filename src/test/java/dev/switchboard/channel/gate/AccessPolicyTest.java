package dev.switchboard.channel.gate;

import dev.switchboard.channel.ChannelOptions;
import dev.switchboard.channel.PairingStores;
import dev.switchboard.channel.MutableClock;
import dev.switchboard.channel.Messages;
import dev.switchboard.store.PairingStore;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.channel.gate.GateDecision.Action;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class AccessPolicyTest {

  @TempDir
  Path dir;
  private final MutableClock clock = new MutableClock();
  private PairingStore pairing;

  @BeforeEach
  void setUp(Vertx vertx) {
    pairing = PairingStores.in(vertx, dir, clock);
  }

  @Test
  void openAdmitsEveryone() {
    assertEquals(Action.PUBLISH, check(policy(DmPolicy.OPEN), dm("stranger")).action());
  }

  @Test
  void disabledIgnoresDirectMessagesButNotGroups() {
    AccessPolicy policy = policy(DmPolicy.DISABLED);
    assertEquals(GateDecision.ignore("direct messages are disabled"), check(policy, dm("111")));
    assertEquals(Action.PUBLISH, check(policy, Messages.group("g1", "111", 0)).action());
  }

  @Test
  void allowlistAdmitsListedAndPairedSendersOnly() {
    AccessPolicy policy = policy(DmPolicy.ALLOWLIST, "111");
    assertEquals(Action.PUBLISH, check(policy, dm("111")).action());
    assertEquals(GateDecision.ignore("sender not in allowFrom"), check(policy, dm("222")));
    String code = pairing.request("telegram", "222", null).await().pairing().code();
    pairing.approve("telegram", code).await();
    assertEquals(Action.PUBLISH, check(policy, dm("222")).action());
  }

  @Test
  void theWildcardAdmitsEveryone() {
    assertEquals(Action.PUBLISH, check(policy(DmPolicy.ALLOWLIST, "*"), dm("anyone")).action());
  }

  @Test
  void pairingRepliesOnceWithACodeAndTheCommandToApproveIt() {
    AccessPolicy policy = policy(DmPolicy.PAIRING);
    GateDecision first = check(policy, dm("111"));
    assertEquals(Action.REPLY, first.action());
    String code = pairing.pending("telegram").await().get(0).code();
    assertTrue(first.text().contains("Your pairing code is " + code + " (valid for 1 hour)"), first.text());
    assertTrue(first.text().endsWith("switchboard pairing approve telegram " + code), first.text());
    assertEquals(GateDecision.ignore("pairing pending, sender already told"), check(policy, dm("111")));
  }

  @Test
  void aPendingSenderIsRemindedAfterTheReminderInterval() {
    AccessPolicy policy = policy(DmPolicy.PAIRING);
    check(policy, dm("111"));
    clock.advance(PairingStore.REMINDER_INTERVAL);
    GateDecision reminder = check(policy, dm("111"));
    assertEquals(Action.REPLY, reminder.action());
    assertTrue(reminder.text().startsWith("You're still waiting for approval."), reminder.text());
  }

  @Test
  void aFourthUnknownSenderIsIgnored() {
    AccessPolicy policy = policy(DmPolicy.PAIRING);
    for (String sender : new String[] {"1", "2", "3"}) {
      assertEquals(Action.REPLY, check(policy, dm(sender)).action());
    }
    assertEquals(GateDecision.ignore("pairing limit of 3 pending codes reached"), check(policy, dm("4")));
  }

  @Test
  void anApprovedSenderIsAnsweredFromTheirNextMessage() {
    AccessPolicy policy = policy(DmPolicy.PAIRING);
    check(policy, dm("111"));
    pairing.approve("telegram", pairing.pending("telegram").await().get(0).code()).await();
    assertEquals(Action.PUBLISH, check(policy, dm("111")).action());
  }

  @Test
  void allowFromNeedsNoPairing() {
    assertEquals(Action.PUBLISH, check(policy(DmPolicy.PAIRING, "111"), dm("111")).action());
    assertEquals(0, pairing.pending(null).await().size());
  }

  @Test
  void groupsAreAdmittedUnlessDisabled() {
    InboundMessage group = Messages.group("g1", "stranger", 0);
    assertEquals(Action.PUBLISH, check(policy(DmPolicy.PAIRING), group).action());
    AccessPolicy disabled = new AccessPolicy(new ChannelOptions(DmPolicy.OPEN, Set.of(), GroupPolicy.DISABLED,
        true, 4000, 32), pairing);
    assertEquals(GateDecision.ignore("groups are disabled"), check(disabled, group));
  }

  private AccessPolicy policy(DmPolicy dmPolicy, String... allowFrom) {
    return new AccessPolicy(new ChannelOptions(dmPolicy, Set.of(allowFrom), GroupPolicy.OPEN, true, 4000, 32), pairing);
  }

  private static GateDecision check(AccessPolicy policy, InboundMessage message) {
    return policy.check(message).await();
  }

  private static InboundMessage dm(String sender) {
    return Messages.dm("m-" + sender, sender, 0);
  }
}
