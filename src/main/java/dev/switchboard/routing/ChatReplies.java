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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * How a chat user's messages are answered once their turn comes, on either of the router's paths: the
 * model's reply to a batch (streamed to the channels that stream), a chat command's answer, the notes
 * about files, and, for a turn claimed from the shared inbox in a cluster ({@link #replyTo}), all of
 * these in the turn's order. Confined to the router's context, like the images waiting for their turn.
 */
final class ChatReplies {

  private static final Logger LOG = LoggerFactory.getLogger(ChatReplies.class);
  private static final String TURN_SEPARATOR = "\n\n";

  private final Vertx vertx;
  private final ModelCatalog catalog;
  private final SessionTurns sessionTurns;
  private final SessionHistory history;
  private final ChatCommands commands;
  private final HandoverTurns handoverTurns;
  private final MediaIntake media;
  private final Set<String> streamingChannels;
  private final BooleanSupplier stopping;
  /** The images of messages whose turn has not come yet, by message id. */
  private final Map<String, List<ImageInput>> waitingImages = new HashMap<>();

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

  /** A chat message's command, if {@code text} is one, with its sender as the caller (whom command access checks). */
  Optional<ChatCommands.Invocation> commandIn(InboundMessage inbound, String text) {
    return commands.recognise(text, new CommandCaller(inbound.channel(), inbound.senderId()));
  }

  /** Keeps a message's images for the turn that answers it. */
  void imagesWait(String messageId, List<ImageInput> images) {
    if (!images.isEmpty()) {
      waitingImages.put(messageId, images);
    }
  }

  /** A note about a message's file (what could not be read, a transcript's echo), sent at once. */
  void sendNote(InboundMessage inbound, String noteId, String text) {
    vertx.eventBus().send(Addresses.outbound(inbound.channel()),
        new Reply(noteId, inbound.accountId(), inbound.chatId(), inbound.threadId(), text, null, null).toJson());
  }

  /**
   * A claimed turn's answer: the handover's word or nothing (null: kept for a person, DESIGN §14), a
   * command's answer, or the model's to the messages as one text, with what the turn changes in the
   * session's history, which the claim's answer commits (nothing is written before). Published on
   * the conversation feed.
   */
  Future<ClaimedTurns.Answer> replyTo(ClaimedTurn claimed) {
    String key = claimed.sessionKey();
    TurnHistory turnHistory = new TurnHistory(history, key);
    int commandAt = firstCommand(claimed.messages());
    // As on one node: the messages before a command are a turn of their own, the command is answered in
    // its place, and what came after it is the session's next turn (given back with this answer).
    ClaimedTurn turn = commandAt < 0 ? claimed : claimed.firstOf(Math.max(commandAt, 1));
    HandoverTurns.KeywordHandover[] keyword = new HandoverTurns.KeywordHandover[1];
    Future<Reply> reply;
    if (commandAt == 0) {
      InboundMessage command = turn.last();
      reply = handoverTurns.keptForHuman(turn, turnHistory).compose(kept -> kept ? Future.succeededFuture(null)
          : commandIn(command, command.text()).orElseThrow().run(key).transform(outcome -> Future.succeededFuture(
              Reply.to(command, outcome.succeeded() ? outcome.result() : Apology.COMMAND_FAILED, null, null))));
    } else {
      reply = handoverTurns.handled(turn, turnHistory, handing -> keyword[0] = handing)
          .compose(handled -> !handled ? filesOrModel(turn, turnHistory)
              : Future.succeededFuture(keyword[0] == null ? null : keyword[0].told()));
    }
    return reply.map(answer -> {
      if (answer != null) {
        announce(turn.last().channel(), key, answer);
      }
      // A handover's mode is written with the reply telling the user, by the node whose claim holds.
      return new ClaimedTurns.Answer(turn, answer, turnHistory.change(), keyword[0] == null ? null : keyword[0].mode());
    });
  }

  /** Where the first chat command of a batch is, or -1; only typed text runs one here. */
  private int firstCommand(List<InboundMessage> batch) {
    for (int i = 0; i < batch.size(); i++) {
      InboundMessage message = batch.get(i);
      if (message.media() == null && commandIn(message, message.text()).isPresent()) {
        return i;
      }
    }
    return -1;
  }

  /** Publishes a reply to the session on {@link Addresses#CONVERSATION}. */
  void announce(String channel, String key, Reply reply) {
    vertx.eventBus().publish(Addresses.CONVERSATION,
        ConversationEvent.reply(channel, key, reply, System.currentTimeMillis()).toJson());
  }

  private Future<Reply> filesOrModel(ClaimedTurn claimed, TurnHistory turnHistory) {
    if (claimed.messages().stream().anyMatch(message -> message.media() != null)) {
      return readFiles(claimed.messages(), 0, new ArrayList<>(), null).compose(read -> read.messages().isEmpty()
          ? Future.succeededFuture(Reply.to(claimed.last(), read.lastNote(), null, null))
          : modelTurn(turnHistory, claimed.sessionKey(), read.messages()));
    }
    return modelTurn(turnHistory, claimed.sessionKey(), claimed.messages());
  }

  /** A claimed batch whose files were read: what is left to answer, and the note when nothing is. */
  private record ReadBatch(List<InboundMessage> messages, String lastNote) {
  }

  /**
   * Reads the files of a claimed batch one after the other (a cluster node takes turns from the shared
   * inbox, not from {@code switchboard.inbound}): notes go out at once, the rest joins the turn.
   */
  private Future<ReadBatch> readFiles(List<InboundMessage> batch, int index, List<InboundMessage> read,
                                      String lastNote) {
    if (index == batch.size()) {
      return Future.succeededFuture(new ReadBatch(read, lastNote));
    }
    InboundMessage message = batch.get(index);
    if (message.media() == null) {
      read.add(message);
      return readFiles(batch, index + 1, read, lastNote);
    }
    return media.read(message).compose(file -> {
      String note = file.notice() != null ? file.notice() : lastNote;
      boolean noteIsTheReply = file.message() == null && index + 1 == batch.size() && read.isEmpty();
      if (file.notice() != null && !noteIsTheReply) {
        sendNote(message, message.id() + "#media", file.notice());
      }
      if (file.echo() != null) {
        sendNote(message, message.id() + "#media", file.echo());
      }
      if (file.message() != null) {
        read.add(file.message());
        imagesWait(message.id(), file.images());
      }
      return readFiles(batch, index + 1, read, note);
    });
  }

  /**
   * The reply to a batch of a session's messages: the model's answer, or a short apology. The turn is
   * kept in {@code keptIn}: the store's history, or a claimed turn's. The channel is told first
   * ({@link Addresses#answering}), to show "typing…". Files were read before, without it: until then no
   * one knows that a model will answer (a voice note's transcript may be a command, and on one node the
   * session's mode is looked at after the read).
   */
  Future<Reply> modelTurn(SessionHistory keptIn, String key, List<InboundMessage> batch) {
    InboundMessage last = batch.get(batch.size() - 1);
    String text = batch.stream().map(InboundMessage::text).collect(Collectors.joining(TURN_SEPARATOR));
    List<ImageInput> images = new ArrayList<>();
    batch.forEach(message -> images.addAll(waitingImages.getOrDefault(message.id(), List.of())));
    batch.forEach(message -> waitingImages.remove(message.id()));
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
