package dev.switchboard.routing;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.AskFailure;
import dev.switchboard.bus.ConversationEvent;
import dev.switchboard.bus.DraftPiece;
import dev.switchboard.bus.ImageInput;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.Reply;
import dev.switchboard.config.ModelCatalog;
import dev.switchboard.media.MediaIntake;
import dev.switchboard.routing.command.ChatCommands;
import dev.switchboard.routing.command.CommandCaller;
import dev.switchboard.store.ClaimedTurn;
import dev.switchboard.store.SessionHistory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How a chat user's messages are answered once their turn comes, on either of the router's paths: the
 * model's reply to a batch (streamed to the channels that stream), a chat command's answer, the notes
 * about files, and, for a turn claimed from the shared inbox in a cluster ({@link #replyTo}), all of
 * these in the turn's order. Confined to the router's context.
 */
final class ChatReplies {

  private static final Logger LOG = LoggerFactory.getLogger(ChatReplies.class);
  private static final String TURN_SEPARATOR = "\n\n";
  /** Spoken commands read here and given back, kept for their own turn; a few, since one may hold an image. */
  private static final int MAX_READ_AHEAD = 16;

  private final Vertx vertx;
  private final ModelCatalog catalog;
  private final SessionTurns sessionTurns;
  private final SessionHistory history;
  private final ChatCommands commands;
  private final HandoverTurns handoverTurns;
  private final MediaIntake media;
  private final Set<String> streamingChannels;
  private final BooleanSupplier stopping;
  /**
   * By message id, spoken commands read as part of a claim and given back to be their own turn: this node
   * usually claims that turn next, and then does not download and transcribe the voice note again (its
   * platform's link to the file may have expired). Another node that claims it reads it itself; the
   * oldest entries make room for new ones.
   */
  private final Map<String, MediaIntake.Read> readAhead = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, MediaIntake.Read> eldest) {
      return size() > MAX_READ_AHEAD;
    }
  };

  /** @param stopping true once the router stops: a turn it cuts off is answered at the next start */
  ChatReplies(Vertx vertx, ModelCatalog catalog, SessionTurns sessionTurns, SessionHistory history,
              ChatCommands commands, HandoverTurns handoverTurns, MediaIntake media, Set<String> streamingChannels,
              BooleanSupplier stopping) {
    this.vertx = vertx;
    this.catalog = catalog;
    this.sessionTurns = sessionTurns;
    this.history = history;
    this.commands = commands;
    this.handoverTurns = handoverTurns;
    this.media = media;
    this.streamingChannels = streamingChannels;
    this.stopping = stopping;
  }

  /**
   * The chat command a message is, as read, if any: the one place both paths decide it. Typed text and a
   * voice note's transcript may be one, text taken from a file never is; the sender is the caller (whom
   * command access checks).
   */
  Optional<ChatCommands.Invocation> commandIn(MediaIntake.Read read) {
    if (read.commandText() == null) {
      return Optional.empty();
    }
    InboundMessage message = read.message();
    return commands.recognise(read.commandText(), new CommandCaller(message.channel(), message.senderId()));
  }

  /**
   * A note about a message's file (what could not be read, a transcript's echo), sent at once: on one
   * node, where nothing else can answer the message.
   */
  void sendNote(InboundMessage inbound, String noteId, String text) {
    vertx.eventBus().send(Addresses.outbound(inbound.channel()), note(inbound, noteId, text).toJson());
  }

  private static Reply note(InboundMessage inbound, String noteId, String text) {
    return new Reply(noteId, inbound.accountId(), inbound.chatId(), inbound.threadId(), text, null, null);
  }

  /**
   * A claim's first turn, read ({@link #readFirstTurn}): the claim's first turn may be only part of it, and
   * its answer gives the rest back. What {@link #replyTo} decides on, as often as it is asked to: the files
   * are read once per claim.
   */
  Future<FirstTurn> read(ClaimedTurn claimed) {
    return readFirstTurn(claimed, 0, new ArrayList<>(), new ArrayList<>());
  }

  /**
   * A claimed turn's answer, decided on its messages as read: the handover's word or nothing (null: kept
   * for a person, DESIGN §14), a command's answer, the note about a file when nothing else is left, or the
   * model's answer to the messages as one text, after the notes about its files, with what the turn changes
   * in the session's history, which the claim's answer commits (nothing is written, nor sent, nor published
   * on the conversation feed, before).
   */
  Future<ClaimedTurns.Answer> replyTo(FirstTurn read) {
    ClaimedTurn turn = read.turn();
    String key = turn.sessionKey();
    TurnHistory turnHistory = new TurnHistory(history, key);
    HandoverTurns.ClaimedHandover[] decided = new HandoverTurns.ClaimedHandover[1];
    Future<Reply> reply;
    if (read.command() != null) {
      InboundMessage command = turn.last();
      reply = handoverTurns.keptForHuman(key, read.said(), turnHistory, keeping -> decided[0] = keeping)
          .compose(kept -> kept
              ? Future.succeededFuture(null)
              : read.command().run(key).transform(outcome -> Future.succeededFuture(
                  Reply.to(command, outcome.succeeded() ? outcome.result() : Apology.COMMAND_FAILED, null, null))));
    } else if (read.said().isEmpty()) {
      reply = Future.succeededFuture(Reply.to(turn.last(), read.unreadNote(), null, null));
    } else {
      reply = handoverTurns.handled(key, read.said(), turnHistory, handling -> decided[0] = handling)
          .compose(handled -> !handled ? modelTurn(turnHistory, key, read.reads())
              : Future.succeededFuture(decided[0].told()));
    }
    // A handover's mode is written with the reply telling the user, by the node whose claim holds, and
    // only if no one changed the mode since the turn read it; kept messages are answered only if so, and the
    // bot's answer only if no person took the session since.
    return reply.map(answer -> new ClaimedTurns.Answer(turn, read.notes(), answer, turnHistory.change(),
        decided[0] == null ? null : decided[0].decision()));
  }

  /**
   * A claim's first turn, read: the claimed messages it answers, those that leave something to answer as
   * read, the chat command it is (or null), the notes about its files that go before its reply, and the
   * note that is its reply when nothing is left to answer.
   */
  record FirstTurn(ClaimedTurn turn, List<MediaIntake.Read> reads, ChatCommands.Invocation command,
                   List<Reply> notes, String unreadNote) {

    List<InboundMessage> said() {
      return reads.stream().map(MediaIntake.Read::message).toList();
    }
  }

  /** A note about a claimed message's file. */
  private record FileNote(InboundMessage message, String text) {

    /** Under an id of its own: only the claim's answer finishes the message. */
    Reply reply() {
      return note(message, message.id() + "#media", text);
    }
  }

  /**
   * Reads a claim's messages in arrival order, each as one node reads it on arrival (typed text as it is,
   * a file through {@link MediaIntake}), up to the end of the claim's first turn: as on one node, a chat
   * command, typed or spoken, is answered in its place, so the messages before it are a turn of their own
   * and it is the next one (alone), what came after it the one after. Only its transcript tells whether a
   * voice note is a command, so the files before it are read before the turn's end is known. Unlike one
   * node's, a file's notes are not sent as it is read: they go with the turn's answer, under its claim
   * (DESIGN.md §10), so that a node that loses the claim sends none and the node that takes the turn over,
   * reading the file again, sends them once.
   *
   * @param reads the turn's messages read so far that leave something to answer
   * @param notes the notes about the files read so far, in order
   */
  private Future<FirstTurn> readFirstTurn(ClaimedTurn claimed, int index, List<MediaIntake.Read> reads,
                                          List<FileNote> notes) {
    if (index == claimed.messages().size()) {
      return Future.succeededFuture(endFirstTurn(claimed, reads, notes, null));
    }
    InboundMessage message = claimed.messages().get(index);
    MediaIntake.Read readBefore = readAhead.remove(message.id());
    return (readBefore != null ? Future.succeededFuture(readBefore) : media.read(message)).compose(read -> {
      Optional<ChatCommands.Invocation> command = commandIn(read);
      if (command.isPresent() && index > 0) {
        readAhead.put(message.id(), read);
        // Given back with this turn's answer, to be the first of its own turn wherever it is claimed (here,
        // without reading it again): its notes (a transcript's echo) go out there, once, with its answer.
        return Future.succeededFuture(endFirstTurn(claimed.firstOf(index), reads, notes, null));
      }
      Stream.of(read.notice(), read.echo()).filter(Objects::nonNull)
          .forEach(note -> notes.add(new FileNote(message, note)));
      if (read.message() != null) {
        reads.add(read);
      }
      if (command.isPresent()) {
        return Future.succeededFuture(endFirstTurn(claimed.firstOf(1), reads, notes, command.get()));
      }
      return readFirstTurn(claimed, index + 1, reads, notes);
    });
  }

  /**
   * The first turn, read. When nothing is left to answer (each of its messages was a file that could not
   * be read), the last note is its reply.
   */
  private FirstTurn endFirstTurn(ClaimedTurn turn, List<MediaIntake.Read> reads, List<FileNote> notes,
                                 ChatCommands.Invocation command) {
    String reply = reads.isEmpty() ? notes.remove(notes.size() - 1).text() : null;
    return new FirstTurn(turn, reads, command, notes.stream().map(FileNote::reply).toList(), reply);
  }

  /**
   * A model's reply that is not sent after all (a person took the session while the model answered): the
   * channel that shows "typing…" for it, and maybe the reply as it grew, is told that it will not come.
   */
  void withhold(String channel, Reply reply) {
    vertx.eventBus().send(Addresses.withheld(channel), reply.withoutText().toJson(),
        new DeliveryOptions().setLocalOnly(true));
  }

  /** Publishes a reply to the session on {@link Addresses#CONVERSATION}. */
  void announce(String channel, String key, Reply reply) {
    vertx.eventBus().publish(Addresses.CONVERSATION,
        ConversationEvent.reply(channel, key, reply, System.currentTimeMillis()).toJson());
  }

  /**
   * The reply to a batch of a session's messages, as read: the model's answer, with the images their
   * files gave, or a short apology. The turn is kept in {@code keptIn}: the store's history, or a claimed
   * turn's. The channel is told first ({@link Addresses#answering}), to show "typing…". Files were read
   * before, without it: until then no one knows that a model will answer (a voice note's transcript may
   * be a command, and the session's mode is looked at after the read).
   */
  Future<Reply> modelTurn(SessionHistory keptIn, String key, List<MediaIntake.Read> batch) {
    InboundMessage last = batch.get(batch.size() - 1).message();
    String text = batch.stream().map(read -> read.message().text()).collect(Collectors.joining(TURN_SEPARATOR));
    List<ImageInput> images = batch.stream().flatMap(read -> read.images().stream()).toList();
    // Both paths come here only once a model will answer: "typing…" cannot be taken back, so it does not
    // start when the channel takes the message, which may be kept for a person. It goes to this node's
    // channel, like a streamed reply's pieces and the reply itself, which hold the preview.
    DeliveryOptions delivery = new DeliveryOptions().setLocalOnly(true);
    vertx.eventBus().send(Addresses.answering(last.channel()), last.toJson(), delivery);
    boolean streamed = streamingChannels.contains(last.channel());
    VisiblePieces visibleText = !streamed ? null : (piece, model, fallbackFrom) -> vertx.eventBus()
        .send(Addresses.draft(last.channel()), DraftPiece.of(last, piece).toJson(), delivery);
    String instructions = catalog.agent().systemPrompt();
    return sessionTurns.run(keptIn, key, text, images, instructions, null, visibleText).transform(outcome -> {
      Reply reply;
      if (outcome.succeeded()) {
        ChainReply answer = outcome.result();
        reply = Reply.to(last, answer.text(), answer.model().toString(),
            answer.fallbackFrom() == null ? null : answer.fallbackFrom().toString());
      } else if (stopping.getAsBoolean()) {
        // The model call was cut off by this bridge's own stop: the message stays unanswered in the
        // inbox, so the next start (or another node) answers it, rather than the customer getting an apology.
        return Future.failedFuture(new ChainException(AskFailure.UNAVAILABLE, "the bridge stopped during the turn"));
      } else {
        ChainException failure = ChainException.of(outcome.cause());
        LOG.warn("session {}: no answer to {} ({}): {}", key, last.id(), failure.failure().code(), failure.getMessage());
        reply = Reply.to(last, Apology.forFailure(failure.failure()), null, null);
      }
      return Future.succeededFuture(reply);
    });
  }
}
