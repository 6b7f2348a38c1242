package dev.switchboard.routing;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.AskFailure;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.Reply;
import dev.switchboard.lanes.Lanes;
import dev.switchboard.media.MediaIntake;
import dev.switchboard.routing.command.ChatCommands;
import dev.switchboard.store.SessionKeys;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The chat turns of a node alone, taken from {@code switchboard.inbound} (a cluster claims its turns
 * from the shared inbox instead, {@link ClaimedTurns}): one turn at a time per session, messages that
 * arrive meanwhile joining the next turn, the reply (or a short apology) sent to the channel. A
 * message with a file is read first, in the session's order, so that no later message overtakes it;
 * a chat command runs in its place in that order. Confined to the router's context.
 */
final class InboundTurns {

  private static final Logger LOG = LoggerFactory.getLogger(InboundTurns.class);
  /** Messages one turn answers at most; more from the same chat meanwhile are journaled but not added. */
  private static final int MAX_BATCH_MESSAGES = 50;

  private final Vertx vertx;
  /** Per session, the messages whose files are being read, so that later messages keep their place. */
  private final Lanes intake;
  /** Per session, the turns running and waiting: the router's, shared with the asks that name a session. */
  private final Lanes lanes;
  private final MediaIntake media;
  private final ChatReplies replies;
  private final HandoverTurns handoverTurns;
  /** Channels that show replies as they grow: their replies go to this node's channel, which holds the preview. */
  private final Set<String> streamingChannels;
  /**
   * Per session, the batch of inbound messages, as read, whose turn has not started. Their images go
   * with them, to the model or, when none answers, nowhere.
   */
  private final Map<String, List<MediaIntake.Read>> waiting = new HashMap<>();
  /** The node is stopping: no new chat turn starts here (DESIGN.md §10.2). */
  private boolean draining;

  InboundTurns(Vertx vertx, Lanes intake, Lanes lanes, MediaIntake media, ChatReplies replies,
               HandoverTurns handoverTurns, Set<String> streamingChannels) {
    this.vertx = vertx;
    this.intake = intake;
    this.lanes = lanes;
    this.media = media;
    this.replies = replies;
    this.handoverTurns = handoverTurns;
    this.streamingChannels = streamingChannels;
  }

  /**
   * No new turn starts (the messages stay in the inbox for the next start); completes once the files
   * being read and the turns running or waiting are done.
   */
  Future<Void> drain() {
    draining = true;
    return intake.idle().compose(read -> lanes.idle());
  }

  void handle(Message<Object> message) {
    if (!(message.body() instanceof JsonObject json)) {
      LOG.warn("inbound message ignored: the body is not a JSON object");
      return;
    }
    InboundMessage inbound = InboundMessage.fromJson(json);
    if (draining) {
      LOG.info("draining: message {} stays in the inbox and is answered after the restart", inbound.id());
      return;
    }
    boolean hasFile = inbound.media() != null;
    if (inbound.channel() == null || inbound.chatId() == null || inbound.text() == null
        || (!hasFile && inbound.text().isBlank())) {
      LOG.warn("inbound message {} ignored: channel, chatId and text (or a file) are required", inbound.id());
      return;
    }
    String key = SessionKeys.of(inbound);
    if (!hasFile && !intake.busy(key)) {
      admit(key, MediaIntake.Read.typed(inbound));
      return;
    }
    intake.run(key, () -> media.read(inbound)).onSuccess(read -> admitRead(key, inbound, read));
  }

  /**
   * A message whose file was read: the note about a file that could not be, and the transcript's echo,
   * go first; then what is left to answer takes its place like a typed message. The notes are sent
   * under their own id when an answer follows, so that only the answer marks the message answered.
   */
  private void admitRead(String key, InboundMessage inbound, MediaIntake.Read read) {
    String noteId = read.message() == null ? inbound.id() : inbound.id() + "#media";
    if (read.notice() != null) {
      replies.sendNote(inbound, noteId, read.notice());
    }
    if (read.echo() != null) {
      replies.sendNote(inbound, noteId, read.echo());
    }
    if (read.message() != null) {
      admit(key, read);
    }
  }

  /** A message as read (typed, or with its file read): a chat command runs in its place, the rest joins a turn. */
  private void admit(String key, MediaIntake.Read read) {
    InboundMessage inbound = read.message();
    Optional<ChatCommands.Invocation> command = replies.commandIn(read);
    if (command.isPresent()) {
      // Messages before the command keep their own turn; messages after it start a new batch.
      waiting.remove(key);
      lanes.run(key, () -> handoverTurns.keptForHuman(key, List.of(inbound))
              .compose(kept -> kept ? Future.<String>succeededFuture(null) : command.get().run(key)))
          .onComplete(outcome -> commandAnswered(key, inbound, outcome));
      return;
    }
    List<MediaIntake.Read> batch = waiting.get(key);
    if (batch != null) {
      if (batch.size() >= MAX_BATCH_MESSAGES) {
        // A flood from one chat: the messages are journaled, the turn already holds plenty to answer.
        LOG.warn("session {}: {} messages already wait for the next turn; {} is not added", key, batch.size(),
            inbound.id());
        return;
      }
      batch.add(read);
      return;
    }
    // The first message of a batch books the session's next turn (which may start at once); later
    // ones ride along until it starts.
    List<MediaIntake.Read> booked = new ArrayList<>(List.of(read));
    waiting.put(key, booked);
    lanes.run(key, () -> {
      waiting.remove(key, booked);
      return inboundTurn(key, booked);
    }).onFailure(refused -> {
      waiting.remove(key, booked);
      LOG.warn("session {}: {} not answered: {}", key, inbound.id(), refused.getMessage());
    });
  }

  private void commandAnswered(String key, InboundMessage command, AsyncResult<String> outcome) {
    String text;
    if (outcome.failed() && outcome.cause() instanceof ChainException busy && busy.failure() == AskFailure.BUSY) {
      // A flood of commands: answering each refusal would flood the platform in turn.
      LOG.warn("session {}: command {} dropped: {}", key, command.id(), busy.getMessage());
      return;
    }
    if (outcome.succeeded() && outcome.result() == null) {
      return; // kept for the person the session was handed to
    } else if (outcome.succeeded()) {
      text = outcome.result();
    } else {
      LOG.warn("session {}: command {} failed: {}", key, command.id(), outcome.cause().getMessage());
      text = Apology.COMMAND_FAILED;
    }
    deliver(key, command.channel(), Reply.to(command, text, null, null));
  }

  /** Sends the reply to its channel and publishes it on {@link Addresses#CONVERSATION}. */
  private void deliver(String key, String channel, Reply reply) {
    // A streamed reply goes to this node's channel, which holds its preview (see modelTurn).
    DeliveryOptions delivery = new DeliveryOptions().setLocalOnly(streamingChannels.contains(channel));
    vertx.eventBus().send(Addresses.outbound(channel), reply.toJson(), delivery);
    replies.announce(channel, key, reply);
  }

  private Future<Void> inboundTurn(String key, List<MediaIntake.Read> batch) {
    List<InboundMessage> said = batch.stream().map(MediaIntake.Read::message).toList();
    String channel = said.get(said.size() - 1).channel();
    return handoverTurns.answer(key, said, keptIn -> replies.modelTurn(keptIn, key, batch),
        reply -> deliver(key, channel, reply), reply -> replies.withhold(channel, reply));
  }
}
