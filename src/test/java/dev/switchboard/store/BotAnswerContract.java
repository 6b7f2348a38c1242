package dev.switchboard.store;

import dev.switchboard.bus.ChatMessage;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.Reply;
import dev.switchboard.bus.SessionMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.switchboard.store.StoreFixture.ANN;
import static dev.switchboard.store.StoreFixture.dm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Part of the {@link StoreContract}, run with it against both databases: the bot's answer to a turn
 * against an operator who takes the session while the model works (DESIGN.md §14). The turn read the
 * bot's mode at a version; its answer is written only if no person took the session since, else its
 * messages are kept for that person, in the same transaction.
 */
@Timeout(30)
interface BotAnswerContract {

  Duration LEASE = Duration.ofMinutes(5);
  long AT = StoreFixture.START.toEpochMilli();

  Store open();

  Store beside();

  @Test
  default void aClaimedTurnsAnswerIsWithheldWhenAPersonTookTheSessionAndItsMessagesAreKeptForThem() {
    Store store = open();
    InboundMessage question = dm("100", "1", "Where is my order?");
    store.inbox().journal(question).await();
    ClaimedTurn turn = store.inboxClaims().claimTurns("node-a", LEASE, 10).await().get(0);
    assertEquals(Optional.empty(), store.handoverModes().get(ANN).await(), "the turn reads: the bot has the session");
    // While the model answers, an operator on another node takes the session.
    beside().handoverModes().set(ANN, SessionMode.HUMAN, AT).await();
    Reply note = new Reply(question.id() + "#media", "bot1", "100", null, "I could not open the file.", null, null);
    Reply answer = Reply.to(question, "It ships today.", "a/model", null);
    HistoryChange answered = HistoryChange.append(List.of(ChatMessage.user(question.text()),
        ChatMessage.assistant(answer.text())));

    InboxClaims.Answered written = store.inboxClaims().answer(turn, answered,
        new BotAnswer(HandoverModes.UNSET, List.of(ChatMessage.user(question.text()))),
        List.of(whole(note)), whole(answer)).await().orElseThrow();

    assertEquals(List.of(note.text()), StoreContract.texts(store.outbox().pending("telegram").await()),
        "the note goes out as a kept turn's does; the bot's answer never");
    assertTrue(written.answerWithheld(), "the node is told its answer was withheld");
    assertEquals(List.of(ChatMessage.user(question.text())), store.sessionHistory().load(ANN).await(),
        "the question is kept for the person, without the answer nobody was sent");
    assertEquals(List.of(), store.inbox().unanswered().await(), "answered: not run again after a restart");
    assertEquals(List.of(), store.inboxClaims().claimTurns("node-b", LEASE, 10).await(), "nothing left to claim");
  }

  @Test
  default void aWithheldTurnWithoutTheBotsReplyStillSendsItsNotes() {
    Store store = open();
    InboundMessage question = dm("100", "1", "Where is my order?");
    store.inbox().journal(question).await();
    ClaimedTurn turn = store.inboxClaims().claimTurns("node-a", LEASE, 10).await().get(0);
    beside().handoverModes().set(ANN, SessionMode.HUMAN, AT).await();
    Reply note = new Reply(question.id() + "#media", "bot1", "100", null, "I could not open the file.", null, null);

    InboxClaims.Answered written = store.inboxClaims().answer(turn, HistoryChange.NONE,
        new BotAnswer(HandoverModes.UNSET, List.of(ChatMessage.user(question.text()))), List.of(whole(note)), null)
        .await().orElseThrow();

    assertTrue(written.answerWithheld());
    assertEquals(List.of(note.text()), StoreContract.texts(store.outbox().pending("telegram").await()),
        "no reply of the bot's to leave out: the note is not taken for it");
  }

  @Test
  default void aClaimedTurnsAnswerStandsWhenTheVersionMovedButTheBotStillHasTheSession() {
    Store store = open();
    InboundMessage question = dm("100", "1", "Where is my order?");
    store.inbox().journal(question).await();
    ClaimedTurn turn = store.inboxClaims().claimTurns("node-a", LEASE, 10).await().get(0);
    // While the model answers, an operator takes the session, writes in it and gives it back.
    HandoverModes operator = beside().handoverModes();
    operator.set(ANN, SessionMode.HUMAN, AT).await();
    operator.touch(ANN, AT + 1).await();
    operator.set(ANN, SessionMode.BOT, AT + 2).await();
    Reply answer = Reply.to(question, "It ships today.", "a/model", null);
    HistoryChange answered = HistoryChange.append(List.of(ChatMessage.user(question.text()),
        ChatMessage.assistant(answer.text())));

    InboxClaims.Answered written = store.inboxClaims().answer(turn, answered,
        new BotAnswer(HandoverModes.UNSET, List.of(ChatMessage.user(question.text()))), List.of(), whole(answer))
        .await().orElseThrow();

    assertFalse(written.answerWithheld(), "no person has the session: the bot's answer is the user's");
    assertEquals(List.of(answer.text()), StoreContract.texts(written.chunks()));
    assertEquals(answered.appended(), store.sessionHistory().load(ANN).await());
    assertEquals(List.of(), store.inbox().unanswered().await());
  }

  @Test
  default void oneNodesAnswerIsStoredUnlessAPersonTookTheSessionAndThenItsMessagesAreKeptForThem() {
    Store store = open();
    // Taken and given back before the first turn reads the mode: the bot has the session, at a later version.
    store.handoverModes().set(ANN, SessionMode.HUMAN, AT).await();
    store.handoverModes().set(ANN, SessionMode.BOT, AT).await();
    long seen = store.handoverModes().get(ANN).await().orElseThrow().version();
    InboundMessage first = dm("100", "1", "Where is my order?");
    store.inbox().journal(first).await();
    HistoryChange answered = HistoryChange.append(List.of(ChatMessage.user(first.text()),
        ChatMessage.assistant("It ships today.")));

    assertTrue(store.handoverModes().answerUnlessTaken(ANN, new BotAnswer(seen, List.of(ChatMessage.user(first.text()))),
        answered, first.id(), AT).await(), "nobody took the session since the turn read it");
    assertEquals(answered.appended(), store.sessionHistory().load(ANN).await());
    assertEquals(List.of(first.id()), StoreContract.ids(store.inbox().unanswered().await()),
        "answered only once the reply is written to the outbox");
    store.outbox().enqueue(first.id(), "telegram", Reply.to(first, "It ships today.", null, null),
        List.of("It ships today.")).await();

    InboundMessage second = dm("100", "2", "And the invoice?");
    store.inbox().journal(second).await();
    // While the model answers, an operator on another node takes the session.
    beside().handoverModes().set(ANN, SessionMode.HUMAN, AT).await();

    assertFalse(store.handoverModes().answerUnlessTaken(ANN,
        new BotAnswer(seen, List.of(ChatMessage.user(second.text()))), HistoryChange.append(List.of(
            ChatMessage.user(second.text()), ChatMessage.assistant("Attached."))), second.id(), AT).await(),
        "a person took the session since the turn read it: the answer must not be sent");
    List<ChatMessage> kept = List.of(ChatMessage.user(first.text()), ChatMessage.assistant("It ships today."),
        ChatMessage.user(second.text()));
    assertEquals(kept, store.sessionHistory().load(ANN).await(), "kept for the person, without the answer");
    assertEquals(List.of(), store.inbox().unanswered().await(), "answered: not run again after a restart");
  }

  private static ChunkedReply whole(Reply reply) {
    return new ChunkedReply(reply, List.of(reply.text()));
  }
}
