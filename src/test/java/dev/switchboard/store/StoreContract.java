package dev.switchboard.store;

import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.Reply;
import dev.switchboard.bus.SessionMode;
import dev.switchboard.store.PairingException;
import dev.switchboard.store.PairingRequest.Outcome;
import dev.switchboard.store.PairingStore;
import dev.switchboard.store.PendingPairing;
import dev.switchboard.bus.ChatMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.switchboard.store.StoreFixture.ANN;
import static dev.switchboard.store.StoreFixture.BOB;
import static dev.switchboard.store.StoreFixture.dm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link Store} promises, whatever database keeps it: each port's contract, run once per
 * store by {@link SqliteStoreContractTest} and {@link PostgresStoreContractTest}, on a fresh database per
 * test. "After a restart" closes the store and opens it again on the same database; "beside" is a second
 * store on the same database at the same time (another node, or the {@code pairing} command beside the
 * bridge). Only what the ports answer is asserted. The {@link OutreachContract}, the
 * {@link PreviewContract} and the {@link BotAnswerContract} are part of it.
 */
@ExtendWith(VertxExtension.class)
@Timeout(30)
abstract class StoreContract implements OutreachContract, PreviewContract, BotAnswerContract {

  private static final Duration LEASE = Duration.ofMinutes(5);

  /** The tests' clock: fixed, moved by hand; leases use the database's own clock. */
  final AdjustableClock clock = new AdjustableClock(StoreFixture.START);
  Vertx vertx;
  private final List<Store> opened = new ArrayList<>();

  /** Prepares a new, empty database for the next {@link #open}s. */
  abstract void newDatabase() throws Exception;

  /** Opens the bridge's store on the test's database. */
  abstract Future<? extends Store> openStore(Vertx vertx, Clock clock);

  /** Opens a store on the test's database beside the bridge's (see {@link Stores#openBesideBridge}). */
  abstract Future<? extends Store> openBeside(Vertx vertx, Clock clock);

  @BeforeEach
  void freshDatabase(Vertx vertx) throws Exception {
    this.vertx = vertx;
    newDatabase();
  }

  @AfterEach
  void closeStores() {
    opened.forEach(store -> store.close().await());
  }

  @Override
  public Store open() {
    Store store = openStore(vertx, clock).await();
    opened.add(store);
    return store;
  }

  @Override
  public Store reopen(Store store) {
    store.close().await();
    return open();
  }

  @Override
  public Store beside() {
    Store store = openBeside(vertx, clock).await();
    opened.add(store);
    return store;
  }

  @Override
  public void advanceClock(Duration duration) {
    clock.advance(duration);
  }

  // ---- dedupe log

  @Test
  void aRetriedIdIsADuplicateAndAForgottenOneIsFirstOnceMore() {
    Store store = open();
    assertTrue(store.dedupeLog().firstSighting("telegram:1").await());
    assertFalse(store.dedupeLog().firstSighting("telegram:1").await());
    store.dedupeLog().forget("telegram:1");
    assertTrue(store.dedupeLog().firstSighting("telegram:1").await(), "the retry of a message not kept");
    assertFalse(store.dedupeLog().firstSighting("telegram:1").await());
  }

  @Test
  void ofConcurrentDuplicatesExactlyOneIsFirst() {
    Store store = open();
    List<Future<Boolean>> sightings = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      sightings.add(store.dedupeLog().firstSighting("whatsapp:wamid.1"));
    }
    assertEquals(1, trues(sightings));
  }

  @Test
  void aJournaledIdStaysADuplicateAfterARestartButOneNeverJournaledIsAcceptedAgain() {
    Store store = open();
    assertTrue(store.dedupeLog().firstSighting("telegram:7").await());
    store.inbox().journal(dm("100", "7", "kept")).await();
    assertTrue(store.dedupeLog().firstSighting("telegram:8").await());
    Store restarted = reopen(store);
    assertFalse(restarted.dedupeLog().firstSighting("telegram:7").await(), "the platform's retry is ignored");
    assertTrue(restarted.dedupeLog().firstSighting("telegram:8").await(), "its only copy is the retry");
    assertFalse(restarted.dedupeLog().firstSighting("telegram:8").await());
  }

  // ---- dedupe and journal in one commit (Inbox.journalIfNew)

  @Test
  void journalIfNewJournalsAFirstSightingAndRefusesItsRetriesEvenAfterARestart() {
    Store store = open();
    InboundMessage question = dm("100", "7", "question");
    assertTrue(store.inbox().journalIfNew(question).await());
    assertFalse(store.inbox().journalIfNew(question).await(), "the platform's retry");
    assertFalse(store.dedupeLog().firstSighting("telegram:7").await(), "the dedupe log knows it too");
    Store restarted = reopen(store);
    assertFalse(restarted.inbox().journalIfNew(question).await(), "a retry after a restart");
    assertEquals(List.of(question), restarted.inbox().unanswered().await(), "journaled once");
  }

  @Test
  void journalIfNewRefusesAnIdTheDedupeLogLetThroughInThisRunUnlessItWasTakenBack() {
    Store store = open();
    InboundMessage refused = dm("100", "7", "a pairing request the gate answered");
    assertTrue(store.dedupeLog().firstSighting(refused.id()).await());
    assertFalse(store.inbox().journalIfNew(refused).await());
    assertEquals(List.of(), store.inbox().unanswered().await());
    store.dedupeLog().forget(refused.id());
    assertTrue(store.inbox().journalIfNew(refused).await(), "the retry of a message not kept");
    assertEquals(List.of(refused), store.inbox().unanswered().await());
  }

  @Test
  void aDuplicateLeftOutByJournalIfNewIsNotRecordedAsJournaled() {
    Store store = open();
    InboundMessage dropped = dm("100", "8", "dropped by the gate, then its run died");
    assertTrue(store.dedupeLog().firstSighting(dropped.id()).await());
    assertFalse(store.inbox().journalIfNew(dropped).await());
    Store restarted = reopen(store);
    assertTrue(restarted.inbox().journalIfNew(dropped).await(),
        "an id an earlier run saw but never journaled is new, as for the dedupe log");
    assertEquals(List.of(dropped), restarted.inbox().unanswered().await());
  }

  @Test
  void ofConcurrentJournalIfNewCallsWithOneIdExactlyOneJournals() {
    Store store = open();
    InboundMessage message = dm("100", "9", "delivered twice at once");
    List<Future<Boolean>> journals = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      journals.add(store.inbox().journalIfNew(message));
    }
    assertEquals(1, trues(journals));
    assertEquals(List.of(message), store.inbox().unanswered().await());
  }

  @Test
  void twoStoresOnOneDatabaseJournalAMessageDeliveredToBothOnce() {
    Store store = open();
    Store other = beside();
    InboundMessage message = dm("100", "10", "sent to two nodes");
    List<Future<Boolean>> journals = List.of(store.inbox().journalIfNew(message), other.inbox().journalIfNew(message));
    assertEquals(1, trues(journals));
    assertEquals(List.of(message), store.inbox().unanswered().await());
  }

  /** How many of the calls answered true, once all completed. */
  private static long trues(List<Future<Boolean>> answers) {
    return Future.all(answers).await().<Boolean>list().stream().filter(Boolean::booleanValue).count();
  }

  // ---- inbox

  @Test
  void journaledMessagesAreUnansweredAfterARestartInArrivalOrderAndOnlyOnce() {
    Store store = open();
    InboundMessage ann1 = dm("100", "1", "first from Ann");
    InboundMessage bob = dm("200", "2", "from Bob");
    InboundMessage ann2 = dm("100", "3", "second from Ann");
    for (InboundMessage message : List.of(ann1, bob, ann2, ann1)) {
      store.inbox().journal(message).await();
    }
    assertEquals(List.of(ann1, bob, ann2), reopen(store).inbox().unanswered().await());
  }

  @Test
  void aJournaledFileKeepsItsReferenceNeverItsBytesSoItIsDownloadedAgainAfterARestart() {
    Store store = open();
    InboundMessage caption = dm("100", "9", "what does it say?");
    InboundMessage voiceNote = new InboundMessage(caption.id(), caption.channel(), caption.accountId(),
        caption.chatId(), caption.chatType(), caption.senderId(), caption.senderName(), caption.threadId(),
        caption.text(), caption.receivedAt(), caption.replyToId(), new dev.switchboard.bus.MediaRef(
            dev.switchboard.bus.MediaRef.Kind.AUDIO, "1003383421387256", "audio/ogg; codecs=opus", null, 2048,
            "voice note"));
    store.inbox().journal(voiceNote).await();

    assertEquals(List.of(voiceNote), reopen(store).inbox().unanswered().await());
  }

  @Test
  void answeringAMessageAnswersTheEarlierOnesOfItsSessionAndDroppedOnesAreGone() {
    Store store = open();
    InboundMessage ann1 = dm("100", "1", "joined the turn");
    InboundMessage bob = dm("200", "2", "another session");
    InboundMessage ann2 = dm("100", "3", "the turn's last message");
    InboundMessage ann3 = dm("100", "4", "arrived after the turn");
    InboundMessage carl = dm("300", "5", "dropped");
    for (InboundMessage message : List.of(ann1, bob, ann2, ann3, carl)) {
      store.inbox().journal(message).await();
    }
    store.inbox().markAnswered(ann2.id()).await();
    store.inbox().markDropped(carl.id(), "access denied").await();
    assertEquals(List.of(bob, ann3), reopen(store).inbox().unanswered().await());
  }

  // ---- outbox

  @Test
  void anEnqueuedReplyAnswersItsMessageAndItsChunksArePendingAfterARestartUntilSentOrFailed() {
    Store store = open();
    InboundMessage question = dm("100", "1", "tell me a long story");
    store.inbox().journal(question).await();
    Reply reply = Reply.to(question, "Once… The end.", "lmstudio/minimax", null);
    List<OutboxChunk> chunks = store.outbox().enqueue(question.id(), "telegram", reply,
        List.of("Once upon a time…", "and then", "The end.")).await();
    assertEquals(List.of(0, 1, 2), chunks.stream().map(OutboxChunk::sequence).toList());
    assertTrue(store.inbox().unanswered().await().isEmpty(), "the model is not run again for it");

    Store restarted = reopen(store);
    List<OutboxChunk> pending = restarted.outbox().pending("telegram").await();
    assertEquals(chunks, pending);
    assertEquals(new OutboxChunk(chunks.get(0).id(), question.id(), "telegram", 0, "Once upon a time…", "bot1", "100",
        null, null), pending.get(0));
    restarted.outbox().markSent(chunks.get(0).id(), "5001").await();
    restarted.outbox().markFailed(chunks.get(1).id(), "403: bot was blocked by the user").await();
    assertEquals(List.of("The end."), texts(reopen(restarted).outbox().pending("telegram").await()));
  }

  @Test
  void eachChannelSeesOnlyItsOwnChunks() {
    Store store = open();
    InboundMessage question = dm("100", "1", "hi");
    store.outbox().enqueue(question.id(), "telegram", Reply.to(question, "x", null, null), List.of("to telegram")).await();
    Reply slackReply = new Reply("slack:Ev1", "T1", "C1", "1700000000.000100", "to slack", null, null);
    store.outbox().enqueue("slack:Ev1", "slack", slackReply, List.of("to slack")).await();
    List<OutboxChunk> slack = store.outbox().pending("slack").await();
    assertEquals(List.of("to slack"), texts(slack));
    assertEquals("1700000000.000100", slack.get(0).threadId());
    assertEquals(List.of("to telegram"), texts(store.outbox().pending("telegram").await()));
  }

  // ---- sessions and preferences

  @Test
  void historyGrowsIsReplacedAndClearedAndSurvivesARestart() {
    Store store = open();
    assertTrue(store.sessionHistory().load(ANN).await().isEmpty());
    store.sessionHistory().append(ANN, List.of(ChatMessage.user("a"), ChatMessage.assistant("b"))).await();
    store.sessionHistory().append(ANN, List.of(ChatMessage.user("c"), ChatMessage.assistant("d"))).await();
    store.sessionHistory().append(BOB, List.of(ChatMessage.user("yo"), ChatMessage.assistant("Hey"))).await();
    Store restarted = reopen(store);
    assertEquals(List.of(ChatMessage.user("a"), ChatMessage.assistant("b"), ChatMessage.user("c"),
        ChatMessage.assistant("d")), restarted.sessionHistory().load(ANN).await());
    restarted.sessionHistory().replace(ANN, List.of(ChatMessage.user("Summary: a, b"), ChatMessage.user("c"),
        ChatMessage.assistant("d"))).await();
    restarted.sessionHistory().append(ANN, List.of(ChatMessage.user("e"), ChatMessage.assistant("f"))).await();
    assertEquals(List.of("Summary: a, b", "c", "d", "e", "f"),
        restarted.sessionHistory().load(ANN).await().stream().map(ChatMessage::text).toList());
    restarted.sessionHistory().clear(BOB).await();
    assertTrue(restarted.sessionHistory().load(BOB).await().isEmpty());
  }

  @Test
  void theChosenModelSurvivesARestartAndClearingTheHistoryUntilCleared() {
    Store store = open();
    assertNull(store.sessionPreferences().model(ANN).await());
    store.sessionHistory().append(ANN, List.of(ChatMessage.user("hi"), ChatMessage.assistant("Hello!"))).await();
    store.sessionPreferences().setModel(ANN, "anthropic/claude-sonnet-4-5").await();
    store.sessionHistory().clear(ANN).await();
    Store restarted = reopen(store);
    assertEquals("anthropic/claude-sonnet-4-5", restarted.sessionPreferences().model(ANN).await());
    assertNull(restarted.sessionPreferences().model(BOB).await());
    restarted.sessionPreferences().setModel(ANN, null).await();
    assertNull(restarted.sessionPreferences().model(ANN).await());
  }

  // ---- retention

  @Test
  void retentionForgetsIdleSessionsAndFinishedRowsButNeverUnfinishedOnes() {
    Store store = open();
    InboundMessage answered = dm("100", "1", "answered");
    InboundMessage waiting = dm("200", "2", "waiting");
    store.inbox().journal(answered).await();
    store.inbox().journal(waiting).await();
    store.outbox().enqueue(answered.id(), "telegram", Reply.to(answered, "ok", null, null), List.of("ok")).await();
    store.sessionHistory().append(ANN, List.of(ChatMessage.user("hi"), ChatMessage.assistant("Hello!"))).await();
    clock.advance(Duration.ofDays(StoreOptions.DEFAULT_SESSION_IDLE_DAYS + 1));
    Pruned pruned = store.prune().await();
    assertEquals(1, pruned.sessions());
    assertEquals(1, pruned.inboxRows());
    assertEquals(0, pruned.outboxRows(), "the chunk is still pending");
    assertTrue(store.sessionHistory().load(ANN).await().isEmpty());
    assertEquals(List.of(waiting), store.inbox().unanswered().await());
    assertEquals(List.of("ok"), texts(store.outbox().pending("telegram").await()));
  }

  // ---- pairing

  @Test
  void anUnknownSenderGetsOneCodeFromAnUnambiguousAlphabetAndAReminderAtMostEveryInterval() {
    PairingStore pairing = open().pairing();
    String code = pairing.request("telegram", "111", "Ann").await().pairing().code();
    assertTrue(code.matches("[A-HJ-NP-Z2-9]{8}"), code);
    assertEquals(Outcome.ALREADY_NOTIFIED, pairing.request("telegram", "111", "Ann").await().outcome());
    clock.advance(PairingStore.REMINDER_INTERVAL);
    assertEquals(new PendingPairing("telegram", "111", "Ann", code, StoreFixture.START, clock.instant()),
        pairing.request("telegram", "111", "Ann").await().pairing());
    assertEquals(Outcome.ALREADY_NOTIFIED, pairing.request("telegram", "111", "Ann").await().outcome());
  }

  @Test
  void atMostThreeCodesArePendingPerChannelUntilTheyExpire() {
    PairingStore pairing = open().pairing();
    for (String sender : List.of("1", "2", "3")) {
      assertEquals(Outcome.NEW_CODE, pairing.request("telegram", sender, null).await().outcome());
    }
    assertEquals(Outcome.LIMIT_REACHED, pairing.request("telegram", "4", null).await().outcome());
    assertEquals(Outcome.NEW_CODE, pairing.request("whatsapp", "4", null).await().outcome(), "other channels unaffected");
    assertEquals(3, pairing.pending("telegram").await().size());
    clock.advance(PairingStore.CODE_VALIDITY);
    assertEquals(List.of(), pairing.pending(null).await());
    assertEquals(Outcome.NEW_CODE, pairing.request("telegram", "4", null).await().outcome(), "expired codes free slots");
  }

  @Test
  void aCodeApprovedBesideTheBridgeAdmitsTheSenderOnThatChannelOnly() {
    PairingStore bridge = open().pairing();
    String code = bridge.request("telegram", "111", "Ann").await().pairing().code();
    assertFalse(bridge.isApproved("telegram", "111").await());
    PairingStore command = beside().pairing();
    assertEquals(List.of("111"), command.pending(null).await().stream().map(PendingPairing::senderId).toList());
    assertEquals("111", command.approve("telegram", code.toLowerCase()).await().senderId());
    assertTrue(bridge.isApproved("telegram", "111").await());
    assertFalse(bridge.isApproved("whatsapp", "111").await());
    assertEquals(List.of(), bridge.pending(null).await());
    assertEquals(Outcome.APPROVED, bridge.request("telegram", "111", "Ann").await().outcome());
  }

  @Test
  void unknownForeignAndExpiredCodesAreClearErrors() {
    PairingStore pairing = open().pairing();
    PairingException unknown = assertInstanceOf(PairingException.class,
        assertThrows(Exception.class, () -> pairing.approve("telegram", "ABCDEFGH").await()));
    assertEquals("No pending pairing code ABCDEFGH for telegram. Run `switchboard pairing list` to see the "
        + "pending codes.", unknown.getMessage());
    String whatsapp = pairing.request("whatsapp", "111", null).await().pairing().code();
    assertEquals("Pairing code " + whatsapp + " belongs to whatsapp, not telegram.",
        assertThrows(Exception.class, () -> pairing.approve("telegram", whatsapp).await()).getMessage());
    String code = pairing.request("telegram", "222", null).await().pairing().code();
    clock.advance(PairingStore.CODE_VALIDITY);
    Exception expired = assertThrows(Exception.class, () -> pairing.approve("telegram", code).await());
    assertTrue(expired.getMessage().startsWith("Pairing code " + code + " for telegram expired at "), expired.getMessage());
    assertFalse(pairing.isApproved("telegram", "222").await());
    assertNotEquals(code, pairing.request("telegram", "222", null).await().pairing().code());
  }

  // ---- inbox claims (several nodes)

  @Test
  void aClaimTakesEachWaitingSessionOnceWithItsMessagesInOrder() {
    Store store = open();
    InboundMessage ann1 = dm("100", "1", "a1");
    InboundMessage bob = dm("200", "2", "b1");
    InboundMessage ann2 = dm("100", "3", "a2");
    for (InboundMessage message : List.of(ann1, bob, ann2)) {
      store.inbox().journal(message).await();
    }
    List<ClaimedTurn> turns = store.inboxClaims().claimTurns("node-a", LEASE, 10).await();
    assertEquals(List.of(List.of(ann1, ann2), List.of(bob)), turns.stream().map(ClaimedTurn::messages).toList());
    assertEquals(List.of(ANN, BOB), turns.stream().map(ClaimedTurn::sessionKey).toList());
    assertNotEquals(turns.get(0).token(), turns.get(1).token());
    assertEquals(List.of(), beside().inboxClaims().claimTurns("node-b", LEASE, 10).await(), "held by node-a");
  }

  @Test
  void aMessageArrivingDuringATurnIsTheSessionsNextTurnOnceTheReplyIsWritten() {
    Store store = open();
    InboundMessage first = dm("100", "1", "first");
    store.inbox().journal(first).await();
    ClaimedTurn turn = store.inboxClaims().claimTurns("node-a", LEASE, 10).await().get(0);
    InboundMessage second = dm("100", "2", "while the model works");
    store.inbox().journal(second).await();
    assertEquals(List.of(), beside().inboxClaims().claimTurns("node-b", LEASE, 10).await(), "the session is busy");

    List<OutboxChunk> chunks = store.inboxClaims().answer(turn, HistoryChange.NONE, null,
        List.of(), whole(Reply.to(first, "reply", null, null))).await().orElseThrow().chunks();
    assertEquals(List.of("reply"), texts(chunks));
    assertEquals(List.of("reply"), texts(store.outbox().pending("telegram").await()));
    ClaimedTurn next = beside().inboxClaims().claimTurns("node-b", LEASE, 10).await().get(0);
    assertEquals(List.of(second), next.messages());
    assertTrue(next.token() > turn.token(), "tokens only grow");
    assertEquals(List.of(second), store.inbox().unanswered().await());
  }

  @Test
  void aFloodFromOneChatIsAnsweredInTurnsOfAtMostFiftyMessages() {
    Store store = open();
    List<InboundMessage> flood = new ArrayList<>();
    for (int i = 1; i <= InboxClaims.MAX_TURN_MESSAGES + 5; i++) {
      flood.add(dm("100", String.valueOf(i), "message " + i));
      store.inbox().journal(flood.get(i - 1)).await();
    }
    ClaimedTurn first = store.inboxClaims().claimTurns("node-a", LEASE, 10).await().get(0);
    assertEquals(flood.subList(0, InboxClaims.MAX_TURN_MESSAGES), first.messages());
    assertEquals(List.of(), beside().inboxClaims().claimTurns("node-b", LEASE, 10).await(),
        "the rest wait for the session's turn to end");

    store.inboxClaims().answer(first, HistoryChange.NONE, null, List.of(),
        whole(Reply.to(first.last(), "reply", null, null)))
        .await().orElseThrow();
    ClaimedTurn next = beside().inboxClaims().claimTurns("node-b", LEASE, 10).await().get(0);
    assertEquals(flood.subList(InboxClaims.MAX_TURN_MESSAGES, flood.size()), next.messages(), "the rest, in order");
  }

  @Test
  void aTurnOfTheClaimsFirstMessagesGivesTheRestBackAsTheNextTurn() {
    Store store = open();
    InboundMessage question = dm("100", "1", "is it in blue?");
    InboundMessage command = dm("100", "2", "/new");
    InboundMessage after = dm("100", "3", "do you ship to Rome?");
    for (InboundMessage message : List.of(question, command, after)) {
      store.inbox().journal(message).await();
    }
    ClaimedTurn claimed = store.inboxClaims().claimTurns("node-a", LEASE, 10).await().get(0);
    ClaimedTurn firstTurn = claimed.firstOf(1);
    assertEquals(List.of(command.id(), after.id()), firstTurn.givenBack());

    store.inboxClaims().answer(firstTurn, HistoryChange.NONE, null, List.of(),
        whole(Reply.to(question, "reply", null, null)))
        .await().orElseThrow();
    ClaimedTurn next = beside().inboxClaims().claimTurns("node-b", LEASE, 10).await().get(0);
    assertEquals(List.of(command, after), next.messages(), "given back, claimed at once by any node, in order");
    assertEquals(List.of(command, after), store.inbox().unanswered().await());
    assertEquals(Optional.empty(), store.inboxClaims().answer(claimed.firstOf(2), HistoryChange.NONE, null,
        List.of(), whole(Reply.to(command, "late", null, null))).await(), "the first claim is over");
    assertEquals(List.of(command, after), store.inbox().unanswered().await(), "a fenced-out answer gives nothing back");
  }

  @Test
  void aMessageGivenBackTurnAfterTurnIsNeverDroppedForItsAttempts() {
    Store store = open();
    List<InboundMessage> commands = new ArrayList<>();
    for (int i = 1; i <= InboxClaims.MAX_ATTEMPTS + 2; i++) {
      commands.add(dm("100", String.valueOf(i), "/status"));
      store.inbox().journal(commands.get(i - 1)).await();
    }
    List<String> answered = new ArrayList<>();
    List<ClaimedTurn> claimed;
    while (!(claimed = store.inboxClaims().claimTurns("node-a", LEASE, 10).await()).isEmpty()) {
      ClaimedTurn command = claimed.get(0).firstOf(1);
      store.inboxClaims().answer(command, HistoryChange.NONE, null,
          List.of(), whole(Reply.to(command.last(), "status", null, null))).await().orElseThrow();
      answered.add(command.last().id());
    }
    assertEquals(commands.stream().map(InboundMessage::id).toList(), answered,
        "the last was claimed " + commands.size() + " times, given back each time but the last");
    assertEquals(List.of(), store.inbox().unanswered().await());
  }

  @Test
  void anExpiredLeaseIsTakenOverAndTheOldClaimIsFencedOut() {
    Store store = open();
    InboundMessage message = dm("100", "1", "hello");
    store.inbox().journal(message).await();
    ClaimedTurn stale = store.inboxClaims().claimTurns("paused-node", Duration.ZERO, 10).await().get(0);
    Store other = beside();
    ClaimedTurn taken = other.inboxClaims().claimTurns("node-b", LEASE, 10).await().get(0);
    assertEquals(List.of(message), taken.messages());
    assertTrue(taken.token() > stale.token());

    Reply late = Reply.to(message, "late answer", null, null);
    assertTrue(store.inboxClaims().answer(stale, HistoryChange.NONE, null, List.of(), whole(late)).await().isEmpty());
    assertFalse(store.inboxClaims().renew(stale.token(), LEASE).await());
    assertFalse(store.inboxClaims().drop(stale.token(), "paused").await());
    assertFalse(store.inboxClaims().release(stale.token()).await());
    assertEquals(List.of(), store.outbox().pending("telegram").await(), "the fenced-out node wrote nothing");

    assertTrue(other.inboxClaims().renew(taken.token(), LEASE).await());
    assertTrue(other.inboxClaims().answer(taken, HistoryChange.NONE, null,
        List.of(), whole(Reply.to(message, "answer", null, null))).await().isPresent());
    assertEquals(List.of("answer"), texts(store.outbox().pending("telegram").await()));
    assertEquals(List.of(), store.inbox().unanswered().await());
  }

  @Test
  void aTurnsNotesGoToTheOutboxBeforeItsAnswerAndNeverUnderATokenThatLostTheClaim() {
    Store store = open();
    InboundMessage voiceNote = dm("100", "1", "[Audio] Transcript: is it in blue?");
    store.inbox().journal(voiceNote).await();
    ClaimedTurn stale = store.inboxClaims().claimTurns("paused-node", Duration.ZERO, 10).await().get(0);
    Store other = beside();
    ClaimedTurn taken = other.inboxClaims().claimTurns("node-b", LEASE, 10).await().get(0);
    Reply echo = new Reply(voiceNote.id() + "#media", voiceNote.accountId(), voiceNote.chatId(), null,
        "You said: is it in blue?", null, null);
    List<ChunkedReply> echoed = List.of(whole(echo));
    ChunkedReply answer = new ChunkedReply(Reply.to(voiceNote, "Yes. And in red.", null, null),
        List.of("Yes.", "And in red."));

    assertEquals(Optional.empty(), store.inboxClaims().answer(stale, HistoryChange.NONE, null, echoed, answer)
        .await());
    assertEquals(List.of(), store.outbox().pending("telegram").await(), "no echo from the node that lost the claim");
    List<OutboxChunk> written = other.inboxClaims().answer(taken, HistoryChange.NONE, null, echoed, answer).await()
        .orElseThrow().chunks();

    List<OutboxChunk> pending = store.outbox().pending("telegram").await();
    assertEquals(written, pending);
    assertEquals(List.of("You said: is it in blue?", "Yes.", "And in red."), texts(pending), "the echo first");
    assertEquals(List.of(echo.inboundId(), voiceNote.id(), voiceNote.id()),
        pending.stream().map(OutboxChunk::inboundId).toList());
    assertEquals(List.of(0, 0, 1), pending.stream().map(OutboxChunk::sequence).toList(), "each reply numbered alone");
    assertEquals(List.of(), store.inbox().unanswered().await());
  }

  @Test
  void aReleasedOrDroppedTurnIsFreeAtOnceOrFinished() {
    Store store = open();
    store.inbox().journal(dm("100", "1", "released")).await();
    store.inbox().journal(dm("200", "2", "dropped")).await();
    List<ClaimedTurn> turns = store.inboxClaims().claimTurns("node-a", LEASE, 10).await();
    assertTrue(store.inboxClaims().release(turns.get(0).token()).await());
    assertTrue(store.inboxClaims().drop(turns.get(1).token(), "channel gone").await());
    List<ClaimedTurn> again = beside().inboxClaims().claimTurns("node-b", LEASE, 10).await();
    assertEquals(List.of(ANN), again.stream().map(ClaimedTurn::sessionKey).toList());
    assertEquals(List.of("released"), store.inbox().unanswered().await().stream().map(InboundMessage::text).toList());
  }

  @Test
  void aTurnsHistoryIsWrittenWithItsAnswerAndNeverUnderATokenThatLostTheClaim() {
    Store store = open();
    List<ChatMessage> earlier = List.of(ChatMessage.user("earlier"), ChatMessage.assistant("kept"));
    store.sessionHistory().append(ANN, earlier).await();
    InboundMessage message = dm("100", "1", "hello");
    store.inbox().journal(message).await();
    ClaimedTurn released = store.inboxClaims().claimTurns("node-a", LEASE, 10).await().get(0);
    assertTrue(store.inboxClaims().release(released.token()).await());
    Store other = beside();
    ClaimedTurn taken = other.inboxClaims().claimTurns("node-b", LEASE, 10).await().get(0);

    // Node A's model answers after its claim went to node B: first while B's turn runs, then after it.
    HistoryChange turnOfA = HistoryChange.append(List.of(ChatMessage.user("hello"), ChatMessage.assistant("A")));
    assertTrue(store.inboxClaims().answer(released, turnOfA, null, List.of(), whole(Reply.to(message, "A", null, null)))
        .await().isEmpty());
    HistoryChange turnOfB = HistoryChange.append(List.of(ChatMessage.user("hello"), ChatMessage.assistant("B")));
    assertTrue(other.inboxClaims().answer(taken, turnOfB, null, List.of(), whole(Reply.to(message, "B", null, null)))
        .await().isPresent());
    HistoryChange compactedByA = HistoryChange.replace(earlier.size(), List.of(ChatMessage.user("Summary: earlier")))
        .plus(List.of(ChatMessage.user("hello"), ChatMessage.assistant("A")));
    assertTrue(store.inboxClaims().answer(released, compactedByA, null, List.of(),
        whole(Reply.to(message, "A", null, null)))
        .await().isEmpty());

    List<ChatMessage> withB = new ArrayList<>(earlier);
    withB.addAll(turnOfB.appended());
    assertEquals(withB, store.sessionHistory().load(ANN).await(), "only the turn the user was answered");
    assertEquals(List.of("B"), texts(store.outbox().pending("telegram").await()));
  }

  @Test
  void aTurnThatHandsOverStoresTheModeWithItsAnswerAndNeverUnderATokenThatLostTheClaim() {
    Store store = open();
    InboundMessage keyword = dm("100", "1", "a human, please");
    store.inbox().journal(keyword).await();
    ClaimedTurn stale = store.inboxClaims().claimTurns("paused-node", Duration.ZERO, 10).await().get(0);
    Store other = beside();
    ClaimedTurn taken = other.inboxClaims().claimTurns("node-b", LEASE, 10).await().get(0);
    Reply told = Reply.to(keyword, "A person comes.", null, null);
    HistoryChange turn = HistoryChange.append(List.of(ChatMessage.user(keyword.text()),
        ChatMessage.assistant(told.text())));

    ModeChange toHuman = new ModeChange(SessionMode.HUMAN, HandoverModes.UNSET);

    assertTrue(store.inboxClaims().answer(stale, turn, toHuman, List.of(), whole(told)).await().isEmpty());
    assertEquals(Optional.empty(), store.handoverModes().get(ANN).await(), "a fenced-out handover leaves the bot");
    assertTrue(other.inboxClaims().answer(taken, turn, toHuman, List.of(), whole(told)).await().orElseThrow()
        .modeChanged());

    HandoverState state = store.handoverModes().get(ANN).await().orElseThrow();
    assertEquals(SessionMode.HUMAN, state.mode());
    assertEquals(clock.millis(), state.changedAt());
    assertEquals(List.of(told.text()), texts(store.outbox().pending("telegram").await()), "told once");
  }

  @Test
  void anOperatorsHandBackAfterAKeywordTurnReadTheModeIsNotOverwrittenByItsAnswer() {
    Store store = open();
    InboundMessage keyword = dm("100", "1", "a human, please");
    store.inbox().journal(keyword).await();
    ClaimedTurn turn = store.inboxClaims().claimTurns("node-a", LEASE, 10).await().get(0);
    assertEquals(Optional.empty(), store.handoverModes().get(ANN).await(), "the turn reads: the bot has the session");
    // Meanwhile, in the same millisecond, an operator on another node takes the session and hands it back.
    Store other = beside();
    other.handoverModes().set(ANN, SessionMode.HUMAN, clock.millis()).await();
    other.handoverModes().set(ANN, SessionMode.BOT, clock.millis()).await();
    Reply told = Reply.to(keyword, "A person comes.", null, null);
    HistoryChange toldHistory = HistoryChange.append(List.of(ChatMessage.user(keyword.text()),
        ChatMessage.assistant(told.text())));

    InboxClaims.Answered answered = store.inboxClaims().answer(turn, toldHistory,
        new ModeChange(SessionMode.HUMAN, HandoverModes.UNSET), List.of(), whole(told)).await().orElseThrow();

    assertFalse(answered.modeChanged());
    assertEquals(SessionMode.BOT, store.handoverModes().get(ANN).await().orElseThrow().mode(),
        "the operator's hand-back stands");
    assertEquals(List.of(told.text()), texts(store.outbox().pending("telegram").await()), "the user is still told");
    assertEquals(toldHistory.appended(), store.sessionHistory().load(ANN).await());
    assertEquals(List.of(), store.inbox().unanswered().await());
  }

  @Test
  void aCompactedTurnReplacesTheHistoryAndAKeptTurnIsAnsweredWithNothingToSend() {
    Store store = open();
    store.sessionHistory().append(ANN, List.of(ChatMessage.user("a"), ChatMessage.assistant("b"))).await();
    InboundMessage question = dm("100", "1", "c");
    store.inbox().journal(question).await();
    ClaimedTurn compacted = store.inboxClaims().claimTurns("node-a", LEASE, 10).await().get(0);
    HistoryChange summarised = HistoryChange.replace(2, List.of(ChatMessage.user("Summary: a, b")))
        .plus(List.of(ChatMessage.user("c"), ChatMessage.assistant("d")));
    assertTrue(store.inboxClaims().answer(compacted, summarised, null,
        List.of(), whole(Reply.to(question, "d", null, null))).await().isPresent());
    assertEquals(List.of("Summary: a, b", "c", "d"),
        store.sessionHistory().load(ANN).await().stream().map(ChatMessage::text).toList());

    InboundMessage forThePerson = dm("100", "2", "e");
    store.inbox().journal(forThePerson).await();
    ClaimedTurn kept = beside().inboxClaims().claimTurns("node-b", LEASE, 10).await().get(0);
    assertEquals(List.of(), store.inboxClaims().answer(kept, HistoryChange.append(List.of(ChatMessage.user("e"))),
        null, List.of(), null).await().orElseThrow().chunks());
    assertEquals(List.of("Summary: a, b", "c", "d", "e"),
        store.sessionHistory().load(ANN).await().stream().map(ChatMessage::text).toList());
    assertEquals(List.of("d"), texts(store.outbox().pending("telegram").await()), "nothing to send for the kept one");
    assertEquals(List.of(), store.inbox().unanswered().await());
  }

  @Test
  void aKeptTurnIsAnsweredOnlyIfTheModeIsStillAsItReadItAndOtherwiseWritesNothingUnderAClaimThatStillHolds() {
    Store store = open();
    store.handoverModes().set(ANN, SessionMode.HUMAN, clock.millis()).await();
    long seen = store.handoverModes().get(ANN).await().orElseThrow().version();
    InboundMessage forThePerson = dm("100", "1", "a");
    store.inbox().journal(forThePerson).await();
    ClaimedTurn kept = store.inboxClaims().claimTurns("node-a", LEASE, 10).await().get(0);
    HistoryChange keptHistory = HistoryChange.append(List.of(ChatMessage.user("a")));
    InboxClaims.Answered answered = store.inboxClaims().answer(kept, keptHistory, new KeptForPerson(seen), List.of(),
        null)
        .await().orElseThrow();
    assertFalse(answered.keptTooLate(), "the person still has the session as the turn read it");
    assertEquals(List.of(), store.inbox().unanswered().await());

    InboundMessage meanwhile = dm("100", "2", "b");
    InboundMessage later = dm("100", "3", "c");
    store.inbox().journal(meanwhile).await();
    store.inbox().journal(later).await();
    ClaimedTurn keptTooLate = store.inboxClaims().claimTurns("node-a", LEASE, 10).await().get(0).firstOf(1);
    // Before the turn's answer, an operator on another node hands the session back to the bot.
    beside().handoverModes().set(ANN, SessionMode.BOT, clock.millis()).await();

    Reply note = Reply.to(meanwhile, "(transcript: b)", null, null);
    assertTrue(store.inboxClaims().answer(keptTooLate, HistoryChange.append(List.of(ChatMessage.user("b"))),
        new KeptForPerson(seen), List.of(whole(note)), null).await().orElseThrow().keptTooLate());
    assertEquals(List.of(ChatMessage.user("a")), store.sessionHistory().load(ANN).await(), "nothing of it is kept");
    assertEquals(List.of(), texts(store.outbox().pending("telegram").await()), "nor are its notes written");
    assertEquals(List.of(meanwhile.id(), later.id()), ids(store.inbox().unanswered().await()));
    assertEquals(List.of(), beside().inboxClaims().claimTurns("node-b", LEASE, 10).await(),
        "the claim still holds: no other node runs the turn meanwhile");

    // Its node decides again, on the mode as it is now: the bot answers.
    long now = store.handoverModes().get(ANN).await().orElseThrow().version();
    Reply answer = Reply.to(meanwhile, "d", null, null);
    InboxClaims.Answered botAnswered = store.inboxClaims().answer(keptTooLate,
        HistoryChange.append(List.of(ChatMessage.user("b"), ChatMessage.assistant("d"))),
        new BotAnswer(now, List.of(ChatMessage.user("b"))), List.of(whole(note)), whole(answer)).await().orElseThrow();
    assertEquals(List.of(note.text(), "d"), texts(botAnswered.chunks()));
    assertEquals(List.of("a", "b", "d"), store.sessionHistory().load(ANN).await().stream().map(ChatMessage::text)
        .toList());
    assertEquals(List.of(later.id()), ids(store.inbox().unanswered().await()), "the rest of the claim is given back");

    ClaimedTurn lost = store.inboxClaims().claimTurns("node-a", LEASE, 10).await().get(0);
    store.inboxClaims().release(lost.token()).await();
    ClaimedTurn again = beside().inboxClaims().claimTurns("node-b", LEASE, 10).await().get(0);
    assertTrue(store.inboxClaims().answer(lost, HistoryChange.NONE, new KeptForPerson(seen), List.of(), null)
        .await().isEmpty(), "under a claim taken over, a kept turn that came too late is fenced out");
    assertTrue(store.inboxClaims().renew(again.token(), LEASE).await(), "the claim that took the turn holds");
    assertEquals(List.of(later.id()), ids(again.messages()));
  }

  @Test
  void messagesAreKeptForAPersonOnlyIfTheModeIsStillAsTheTurnReadIt() {
    Store store = open();
    store.handoverModes().set(ANN, SessionMode.HUMAN, clock.millis()).await();
    long seen = store.handoverModes().get(ANN).await().orElseThrow().version();
    InboundMessage forThePerson = dm("100", "1", "a");
    store.inbox().journal(forThePerson).await();
    assertTrue(store.handoverModes().keepIfUnchanged(ANN, seen, List.of(ChatMessage.user("a")), forThePerson.id(),
        clock.millis()).await());
    assertEquals(List.of(), store.inbox().unanswered().await());

    InboundMessage meanwhile = dm("100", "2", "b");
    store.inbox().journal(meanwhile).await();
    beside().handoverModes().set(ANN, SessionMode.BOT, clock.millis()).await();

    assertFalse(store.handoverModes().keepIfUnchanged(ANN, seen, List.of(ChatMessage.user("b")), meanwhile.id(),
        clock.millis()).await(), "an operator handed the session back since the turn read it");
    assertEquals(List.of(ChatMessage.user("a")), store.sessionHistory().load(ANN).await());
    assertEquals(List.of(meanwhile.id()), ids(store.inbox().unanswered().await()), "left for the bot to answer");
  }

  @Test
  void aCompactedTurnReplacesOnlyTheMessagesItReadAndKeepsThoseStoredSince() {
    Store store = open();
    store.sessionHistory().append(ANN, List.of(ChatMessage.user("a"), ChatMessage.assistant("b"))).await();
    InboundMessage question = dm("100", "1", "c");
    store.inbox().journal(question).await();
    ClaimedTurn turn = store.inboxClaims().claimTurns("node-a", LEASE, 10).await().get(0);
    int read = store.sessionHistory().load(ANN).await().size();
    // Operators' messages, taken by another node while the turn's model answered.
    Store other = beside();
    other.sessionHistory().append(ANN, List.of(ChatMessage.assistant("note 1"))).await();
    other.sessionHistory().append(ANN, List.of(ChatMessage.assistant("note 2"))).await();

    HistoryChange compacted = HistoryChange.replace(read, List.of(ChatMessage.user("Summary: a, b")))
        .plus(List.of(ChatMessage.user("c"), ChatMessage.assistant("d")));
    assertTrue(store.inboxClaims().answer(turn, compacted, null, List.of(), whole(Reply.to(question, "d", null, null)))
        .await().isPresent());
    other.sessionHistory().append(ANN, List.of(ChatMessage.assistant("note 3"))).await();

    assertEquals(List.of("Summary: a, b", "note 1", "note 2", "c", "d", "note 3"),
        store.sessionHistory().load(ANN).await().stream().map(ChatMessage::text).toList(),
        "the messages stored after the turn's read keep their order, before the turn's own");
  }

  @Test
  void aMessageThatKeepsKillingItsNodeIsDroppedAfterMaxAttempts() {
    Store store = open();
    store.inbox().journal(dm("100", "1", "poison")).await();
    for (int attempt = 1; attempt <= InboxClaims.MAX_ATTEMPTS; attempt++) {
      assertEquals(1, store.inboxClaims().claimTurns("crashing-node", Duration.ZERO, 10).await().size());
    }
    InboundMessage fine = dm("100", "2", "fine");
    store.inbox().journal(fine).await();
    List<ClaimedTurn> next = store.inboxClaims().claimTurns("node-b", LEASE, 10).await();
    assertEquals(List.of(List.of(fine)), next.stream().map(ClaimedTurn::messages).toList());
    assertEquals(List.of(fine), store.inbox().unanswered().await());
  }

  @Test
  void concurrentClaimsFromTwoNodesGiveEachMessageToExactlyOneTurn() {
    Store a = open();
    Store b = beside();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      InboundMessage message = dm(String.valueOf(100 + i % 10), String.valueOf(i), "m" + i);
      ids.add(message.id());
      (i % 2 == 0 ? a : b).inbox().journal(message).await();
    }
    List<Future<List<ClaimedTurn>>> claims = new ArrayList<>();
    for (int round = 0; round < 6; round++) {
      claims.add(a.inboxClaims().claimTurns("node-a", LEASE, 2));
      claims.add(b.inboxClaims().claimTurns("node-b", LEASE, 2));
    }
    List<ClaimedTurn> turns = Future.all(claims).await().<List<ClaimedTurn>>list().stream()
        .flatMap(List::stream).toList();
    assertEquals(10, turns.size(), "one turn per session");
    assertEquals(10, turns.stream().map(ClaimedTurn::sessionKey).distinct().count());
    List<String> claimed = turns.stream().flatMap(turn -> turn.messages().stream()).map(InboundMessage::id).toList();
    assertEquals(ids, new HashSet<>(claimed));
    assertEquals(ids.size(), claimed.size(), "no message in two turns");
  }

  // ---- outbox claims

  @Test
  void aChatsPendingChunksAreClaimedByOneNodeInOrderAndMarkedUnderTheToken() {
    Store store = open();
    InboundMessage ann = dm("100", "1", "a");
    InboundMessage bob = dm("200", "2", "b");
    store.outbox().enqueue(ann.id(), "telegram", Reply.to(ann, "x", null, null), List.of("a1", "a2")).await();
    store.outbox().enqueue(bob.id(), "telegram", Reply.to(bob, "x", null, null), List.of("b1")).await();
    InboundMessage ann2 = dm("100", "3", "a again");
    store.outbox().enqueue(ann2.id(), "telegram", Reply.to(ann2, "x", null, null), List.of("a3")).await();

    List<ClaimedChunks> claims = store.outboxClaims().claimChunks("node-a", "telegram", LEASE, 1).await();
    assertEquals(List.of("a1", "a2", "a3"), texts(claims.get(0).chunks()));
    Store other = beside();
    List<ClaimedChunks> others = other.outboxClaims().claimChunks("node-b", "telegram", LEASE, 10).await();
    assertEquals(List.of(List.of("b1")), others.stream().map(claim -> texts(claim.chunks())).toList());
    assertEquals(List.of(), other.outboxClaims().claimChunks("node-b", "slack", LEASE, 10).await());

    ClaimedChunks mine = claims.get(0);
    assertTrue(store.outboxClaims().markSent(mine.token(), mine.chunks().get(0).id(), "m1").await());
    assertFalse(store.outboxClaims().markSent(others.get(0).token(), mine.chunks().get(1).id(), "m2").await(),
        "another claim's token changes nothing");
    assertTrue(store.outboxClaims().markFailed(mine.token(), mine.chunks().get(1).id(), "403").await());
    assertEquals(List.of("b1", "a3"), texts(store.outbox().pending("telegram").await()));
  }

  @Test
  void pendingChunksOfANodeWhoseLeaseEndedAreSentByAnotherAndTheOldTokenIsFencedOut() {
    Store store = open();
    InboundMessage ann = dm("100", "1", "a");
    store.outbox().enqueue(ann.id(), "telegram", Reply.to(ann, "x", null, null), List.of("a1", "a2")).await();
    ClaimedChunks stale = store.outboxClaims().claimChunks("paused-node", "telegram", Duration.ZERO, 10).await().get(0);
    Store other = beside();
    ClaimedChunks taken = other.outboxClaims().claimChunks("node-b", "telegram", LEASE, 10).await().get(0);
    assertEquals(List.of("a1", "a2"), texts(taken.chunks()));
    assertFalse(store.outboxClaims().renew(stale.token(), LEASE).await());
    assertFalse(store.outboxClaims().markSent(stale.token(), stale.chunks().get(0).id(), "dup").await());
    assertTrue(other.outboxClaims().renew(taken.token(), LEASE).await());
    for (OutboxChunk chunk : taken.chunks()) {
      assertTrue(other.outboxClaims().markSent(taken.token(), chunk.id(), "m" + chunk.sequence()).await());
    }
    assertEquals(List.of(), store.outbox().pending("telegram").await());
    assertFalse(other.outboxClaims().renew(taken.token(), LEASE).await(), "nothing left under the claim");
  }

  @Test
  void releasedChunksAreClaimedByAnotherNodeAtOnceAndTheReleasingTokenIsFencedOut() {
    Store store = open();
    InboundMessage ann = dm("100", "1", "a");
    store.outbox().enqueue(ann.id(), "telegram", Reply.to(ann, "x", null, null), List.of("a1", "a2")).await();
    ClaimedChunks stopping = store.outboxClaims().claimChunks("stopping-node", "telegram", LEASE, 10).await().get(0);
    assertTrue(store.outboxClaims().markSent(stopping.token(), stopping.chunks().get(0).id(), "m0").await());
    Store other = beside();
    assertEquals(List.of(), other.outboxClaims().claimChunks("node-b", "telegram", LEASE, 10).await(),
        "held under its lease");

    assertTrue(store.outboxClaims().release(stopping.token()).await());
    ClaimedChunks taken = other.outboxClaims().claimChunks("node-b", "telegram", LEASE, 10).await().get(0);
    assertEquals(List.of("a2"), texts(taken.chunks()), "free at once, without waiting for the lease");
    assertFalse(store.outboxClaims().renew(stopping.token(), LEASE).await());
    assertFalse(store.outboxClaims().markSent(stopping.token(), stopping.chunks().get(1).id(), "late").await());
    assertFalse(store.outboxClaims().release(stopping.token()).await(), "nothing left to give back");
  }

  static List<String> texts(List<OutboxChunk> chunks) {
    return chunks.stream().map(OutboxChunk::text).toList();
  }

  static List<String> ids(List<InboundMessage> messages) {
    return messages.stream().map(InboundMessage::id).toList();
  }

  /** A claimed turn's reply, in one chunk. */
  private static ChunkedReply whole(Reply reply) {
    return new ChunkedReply(reply, List.of(reply.text()));
  }

  /** A clock the test moves forward by hand. */
  static final class AdjustableClock extends Clock {

    private volatile Instant now;

    AdjustableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
