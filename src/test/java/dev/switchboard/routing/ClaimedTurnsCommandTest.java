package dev.switchboard.routing;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.ChatMessage;
import dev.switchboard.bus.ChatType;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.Reply;
import dev.switchboard.config.MediaConfig;
import dev.switchboard.fakes.FakeTranscriptionServer;
import dev.switchboard.model.ModelRequest;
import dev.switchboard.ops.Metrics;
import dev.switchboard.store.OutboxChunk;
import dev.switchboard.store.SessionKeys;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.switchboard.routing.ChainFixtures.A;
import static dev.switchboard.routing.ChainFixtures.B;
import static dev.switchboard.routing.ChainFixtures.catalog;
import static dev.switchboard.routing.ChainFixtures.providersAB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A chat command claimed from the shared inbox together with other messages of its session (they
 * arrived while the node was busy or down) runs in its place, as on one node: what came before it is
 * one turn, the command is answered, and what came after it is the next turn. A voice note whose
 * transcript is a command is one too.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class ClaimedTurnsCommandTest extends ClaimedTurnsTestBase {

  private static final String RESET_REPLY = "New conversation started: I have forgotten the earlier messages.";
  /** Within the test's own timeout, with the one-node run and the start before it. */
  private static final long REPLIES_WAIT_SECONDS = 15;

  private static InboundMessage fromAnn(String id, String text) {
    return new InboundMessage("telegram:" + id, "telegram", "bot1", "100", ChatType.DM, "100", "Ann", null, text,
        System.currentTimeMillis(), null);
  }

  @Test
  void aCommandAmongClaimedMessagesIsAnsweredInItsPlace(Vertx vertx) {
    openStore(vertx);
    InboundMessage before = fromAnn("1", "Is it in blue?");
    InboundMessage reset = fromAnn("2", "/new");
    InboundMessage after = fromAnn("3", "Start again: do you ship to Rome?");
    ScriptedModels models = new ScriptedModels(vertx);
    List<OutboxChunk> replies = claimedAndAnswered(vertx, router(models), 3, before, reset, after);
    assertEquals(List.of("answer from " + A, RESET_REPLY, "answer from " + A),
        replies.stream().map(OutboxChunk::text).toList(), "the command answered between the two model turns");
    assertEquals(List.of(before.id(), reset.id(), after.id()), replies.stream().map(OutboxChunk::inboundId).toList());
    List<ModelRequest> asked = models.requests(A);
    assertEquals(2, asked.size(), "the command never reached the model");
    assertEquals(List.of(ChatMessage.user(after.text())), asked.get(1).messages(),
        "the turn after /new starts a new conversation");
    assertEquals(List.of(ChatMessage.user(after.text()), ChatMessage.assistant("answer from " + A)),
        store.sessionHistory().load(SessionKeys.of(after)).await());
    assertTrue(store.inbox().unanswered().await().isEmpty(), "every message answered");
  }

  @Test
  void aCommandFirstInTheClaimIsItsOwnTurn(Vertx vertx) {
    openStore(vertx);
    InboundMessage reset = fromAnn("1", "/new");
    InboundMessage question = fromAnn("2", "Is it in blue?");
    InboundMessage more = fromAnn("3", "Or in red?");
    ScriptedModels models = new ScriptedModels(vertx);
    List<OutboxChunk> replies = claimedAndAnswered(vertx, router(models), 2, reset, question, more);
    assertEquals(List.of(RESET_REPLY, "answer from " + A),
        replies.stream().map(OutboxChunk::text).toList());
    assertEquals(List.of(reset.id(), more.id()), replies.stream().map(OutboxChunk::inboundId).toList(),
        "the two messages after the command are one turn, answered to the last");
    assertEquals(List.of(ChatMessage.user(question.text() + "\n\n" + more.text())), models.requests(A).get(0).messages());
  }

  @Test
  void aSpokenCommandAmongClaimedMessagesGetsTheRepliesItGetsOnOneNode(Vertx vertx) {
    openStore(vertx);
    VoiceNotes voiceNotes = VoiceNotes.saying(vertx, "Slash new.");
    InboundMessage before = fromAnn("1", "Is it in blue?");
    InboundMessage spoken = VoiceNotes.fromAnn("2");
    InboundMessage after = fromAnn("3", "Start again: do you ship to Rome?");
    String session = SessionKeys.of(after);

    ScriptedModels oneNodeModels = new ScriptedModels(vertx);
    InMemorySessionHistory oneNodeHistory = new InMemorySessionHistory();
    List<Reply> onOneNode = answeredOnOneNode(vertx, new RouterVerticle(catalog(providersAB(), A, B), oneNodeModels,
        oneNodeHistory, new Metrics()).readingMedia(voiceNotes.media()), 4, before, spoken, after);
    assertEquals(1, voiceNotes.transcriber.requests().size());

    ScriptedModels models = new ScriptedModels(vertx);
    List<OutboxChunk> written = claimedAndAnswered(vertx, router(models).readingMedia(voiceNotes.media()), 3,
        before, spoken, after);

    List<OutboxChunk> replies = written.stream().filter(chunk -> !isNote(chunk.inboundId())).toList();
    assertEquals(List.of("answer from " + A, RESET_REPLY, "answer from " + A),
        replies.stream().map(OutboxChunk::text).toList(), "the spoken command answered between the two model turns");
    assertEquals(List.of(before.id(), spoken.id(), after.id()), replies.stream().map(OutboxChunk::inboundId).toList());
    List<Reply> oneNodeReplies = onOneNode.stream().filter(reply -> !isNote(reply.inboundId())).toList();
    assertEquals(oneNodeReplies.stream().map(Reply::text).toList(), replies.stream().map(OutboxChunk::text).toList(),
        "the replies one node sends");
    assertEquals(oneNodeReplies.stream().map(Reply::inboundId).toList(),
        replies.stream().map(OutboxChunk::inboundId).toList());
    List<Reply> oneNodeNotes = onOneNode.stream().filter(reply -> isNote(reply.inboundId())).toList();
    assertEquals(List.of(VoiceNotes.echoOf("Slash new.")), oneNodeNotes.stream().map(Reply::text).toList());
    assertEquals(oneNodeNotes.stream().map(Reply::text).toList(),
        written.stream().filter(chunk -> isNote(chunk.inboundId())).map(OutboxChunk::text).toList(),
        "the transcript echoed once, as on one node");
    assertEquals(List.of(before.id(), spoken.id() + "#media", spoken.id(), after.id()),
        written.stream().map(OutboxChunk::inboundId).toList(), "the echo right before the command's answer");
    assertEquals(oneNodeModels.requests(A).stream().map(ModelRequest::messages).toList(),
        models.requests(A).stream().map(ModelRequest::messages).toList(), "the command never reached the model");
    assertEquals(List.of(ChatMessage.user(after.text())), models.requests(A).get(1).messages(),
        "the turn after the spoken /new starts a new conversation");
    assertEquals(oneNodeHistory.load(session).await(), store.sessionHistory().load(session).await());
    assertEquals(2, voiceNotes.transcriber.requests().size(),
        "read once on each path: given back unanswered, the voice note is not transcribed again for its own turn");
    assertEquals(2, voiceNotes.downloads(), "nor downloaded again: the platform's link may have expired by then");
    assertTrue(store.inbox().unanswered().await().isEmpty(), "every message answered");
  }

  @Test
  void aSpokenCommandFirstInTheClaimIsItsOwnTurn(Vertx vertx) {
    openStore(vertx);
    VoiceNotes voiceNotes = VoiceNotes.saying(vertx, "Slash new.");
    InboundMessage spoken = VoiceNotes.fromAnn("1");
    InboundMessage question = fromAnn("2", "Is it in blue?");
    InboundMessage more = fromAnn("3", "Or in red?");
    ScriptedModels models = new ScriptedModels(vertx);
    List<OutboxChunk> replies = claimedAndAnswered(vertx, router(models).readingMedia(voiceNotes.media()), 2,
        spoken, question, more);
    assertEquals(List.of(VoiceNotes.echoOf("Slash new."), RESET_REPLY, "answer from " + A),
        replies.stream().map(OutboxChunk::text).toList());
    assertEquals(List.of(spoken.id() + "#media", spoken.id(), more.id()),
        replies.stream().map(OutboxChunk::inboundId).toList(),
        "the command echoed, then answered; the two messages after it are one turn, answered to the last");
    assertEquals(List.of(List.of(ChatMessage.user(question.text() + "\n\n" + more.text()))),
        models.requests(A).stream().map(ModelRequest::messages).toList());
    assertEquals(1, voiceNotes.transcriber.requests().size());
  }

  @Test
  void aNoteAboutAFileIsTheReplyOnlyWhenNothingElseInItsTurnIsLeftToAnswer(Vertx vertx) {
    openStore(vertx);
    VoiceNotes voiceNotes = VoiceNotes.saying(vertx, "unused");
    voiceNotes.transcriber.always(new FakeTranscriptionServer.Failure(500));
    String notice = MediaConfig.DEFAULT_UNREADABLE_REPLY.replace("{media}", "voice note")
        .replace("{reason}", "no transcriber could read it");
    InboundMessage unread = VoiceNotes.fromAnn("1");
    InboundMessage reset = fromAnn("2", "/new");
    InboundMessage unreadToo = VoiceNotes.fromAnn("3");
    InboundMessage question = fromAnn("4", "Is it in blue?");
    List<OutboxChunk> replies = claimedAndAnswered(vertx, router(new ScriptedModels(vertx))
        .readingMedia(voiceNotes.media()), 3, unread, reset, unreadToo, question);

    assertEquals(List.of(notice, RESET_REPLY, notice, "answer from " + A),
        replies.stream().map(OutboxChunk::text).toList());
    assertEquals(List.of(unread.id(), reset.id(), unreadToo.id() + "#media", question.id()),
        replies.stream().map(OutboxChunk::inboundId).toList(), "alone in its turn, the note is the voice note's"
            + " reply; with a question after it in its turn, it goes out before the answer, under an id of its own");
    assertEquals(2, voiceNotes.transcriber.requests().size(), "each voice note read once");
  }

  private RouterVerticle router(ScriptedModels models) {
    return new RouterVerticle(catalog(providersAB(), A, B), models, store.sessionHistory(), new Metrics());
  }

  /**
   * The messages journaled while no node ran, then one node claiming them with {@code router}: the
   * outbox once {@code count} replies were written, or once they took too long (the assertions then
   * say what was written).
   */
  private List<OutboxChunk> claimedAndAnswered(Vertx vertx, RouterVerticle router, int count,
                                               InboundMessage... journaled) {
    for (InboundMessage message : journaled) {
      store.inbox().journal(message).await();
    }
    Future<Void> written = replies(vertx, count);
    vertx.deployVerticle(router.claimingTurns(store.inboxClaims(), "node-a", LEASE, Map.of())).await();
    written.timeout(REPLIES_WAIT_SECONDS, TimeUnit.SECONDS).otherwiseEmpty().await();
    return store.outbox().pending("telegram").await();
  }

  /** Whether a reply's origin says it is a note about a file (a transcript's echo), not a message's answer. */
  private static boolean isNote(String inboundId) {
    return inboundId.endsWith("#media");
  }

  /**
   * What a router on one node (no claims) sends to the channel when these messages arrive one after the
   * other: its first {@code count} replies and notes, in the order sent. The router is undeployed after.
   */
  private static List<Reply> answeredOnOneNode(Vertx vertx, RouterVerticle router, int count,
                                               InboundMessage... arriving) {
    List<Reply> sent = new CopyOnWriteArrayList<>();
    Promise<Void> all = Promise.promise();
    MessageConsumer<JsonObject> channel = vertx.eventBus().consumer(Addresses.outbound("telegram"), reply -> {
      sent.add(Reply.fromJson(reply.body()));
      if (sent.size() == count) {
        all.complete();
      }
    });
    channel.completion().await();
    String deployment = vertx.deployVerticle(router).await();
    for (InboundMessage message : arriving) {
      vertx.eventBus().send(Addresses.INBOUND, message.toJson());
    }
    all.future().await();
    channel.unregister().await();
    vertx.undeploy(deployment).await();
    return List.copyOf(sent);
  }

  /** Completes once {@code count} replies were written: each claimed turn's answer is announced on the channel's outbox address. */
  private static Future<Void> replies(Vertx vertx, int count) {
    Promise<Void> written = Promise.promise();
    AtomicInteger seen = new AtomicInteger();
    vertx.eventBus().consumer(Addresses.outbox("telegram"), announced -> {
      if (seen.incrementAndGet() == count) {
        written.complete();
      }
    }).completion().await();
    return written.future();
  }
}
