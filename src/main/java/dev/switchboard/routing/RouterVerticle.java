package dev.switchboard.routing;

import dev.switchboard.store.SessionHistory;
import dev.switchboard.store.SessionPreferences;
import dev.switchboard.lanes.Backlog;
import dev.switchboard.lanes.Lanes;
import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.AskFailure;
import dev.switchboard.bus.DraftPiece;
import dev.switchboard.config.CommandsConfig;
import dev.switchboard.config.MediaConfig;
import dev.switchboard.config.ModelCatalog;
import dev.switchboard.media.MediaIntake;
import dev.switchboard.model.ModelClientFactory;
import dev.switchboard.ops.Metrics;
import dev.switchboard.routing.command.ChatCommands;
import dev.switchboard.routing.handover.Handover;
import dev.switchboard.store.InboxClaims;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns requests into model turns. On {@code switchboard.ask} it answers other verticles and
 * applications ({@link AskTurns}: a session's history, or a stateless conversation, through the chain
 * or one chosen model; the HTTP API's {@code /v1} is answered by each gateway instance's own chain); a kept conversation's turn is a {@link SessionTurns} turn either way. On
 * {@code switchboard.inbound} it answers chat users ({@link InboundTurns}): one turn at a time per
 * session, messages that arrive meanwhile joining the next turn, the reply (or a short apology) sent
 * to the channel.
 *
 * <p>In a session (every chat, and asks that name one) chat commands are answered before any model
 * sees them, in their place in the session's order; a {@code /model} choice makes the session's
 * turns strict. A turn whose history had to be compacted stores the compacted history.
 *
 * <p>A message with a file (a voice note, an image, a document) is read first by {@link MediaIntake},
 * in the session's order: messages after it wait until it is read, so that none overtakes it.
 * <p>With a {@link Handover} ({@link #withHandover}), a session in human mode gets no answer, a user
 * asking for a person is handed over, and messages operators sent join the history in their place
 * ({@link Addresses#SESSION_NOTES}). Every reply is published on {@link Addresses#CONVERSATION}.
 *
 * <p>This verticle decides when a chat turn runs; {@link ChatReplies} answers it, on this path and
 * on a cluster's, where {@link ClaimedTurns} takes turns from the shared inbox instead.
 */
public final class RouterVerticle extends VerticleBase {

  /** Turns a session may have running and waiting; an ask past it gets 429 rather than a place in line. */
  private static final int MAX_PENDING_TURNS = 32;

  private final ModelCatalog catalog;
  private final ModelClientFactory clients;
  private final SessionHistory history;
  private final SessionPreferences preferences;
  private final Metrics metrics;
  private MediaConfig mediaConfig = MediaConfig.defaults();
  private MediaIntake media;
  private ModelChain chain;
  /** The node's model servers, when other chains of the node share them; otherwise the router's own. */
  private ModelServers servers;
  private boolean ownServers;
  private SessionTurns sessionTurns;
  private ChatCommands commands;
  private CommandsConfig commandAccess = CommandsConfig.NONE;
  private Lanes lanes;
  private MessageConsumer<Object> askConsumer;
  private MessageConsumer<Object> inboundConsumer;
  private MessageConsumer<Object> statusConsumer;
  private final List<MessageConsumer<Object>> handoverConsumers = new ArrayList<>();
  private Handover handover;
  private HandoverTurns handoverTurns;
  private MessageConsumer<Object> eventsConsumer;
  private boolean warmUp;
  /** Channels that show replies as they grow: their turns stream {@link DraftPiece}s. */
  private Set<String> streamingChannels = Set.of();
  private Backlog backlog = Backlog.unbounded();
  private ClaimedTurns claimedTurns;
  private Function<ChatReplies, ClaimedTurns> claimedTurnsFactory;
  private ChatReplies replies;
  /** The chat turns of one node, taken from {@code switchboard.inbound}; null in a cluster. */
  private InboundTurns inboundTurns;
  private AskTurns asks;
  /** Set when this verticle stops: a turn cut off by the stop is answered at the next start, not apologised for. */
  private boolean stopping;

  /** A router whose {@code /model} choices are kept in memory. */
  public RouterVerticle(ModelCatalog catalog, ModelClientFactory clients, SessionHistory history, Metrics metrics) {
    this(catalog, clients, history, new InMemorySessionPreferences(), metrics);
  }

  public RouterVerticle(ModelCatalog catalog, ModelClientFactory clients, SessionHistory history,
                        SessionPreferences preferences, Metrics metrics) {
    this.catalog = catalog;
    this.clients = clients;
    this.history = history;
    this.preferences = preferences;
    this.metrics = metrics;
  }

  /**
   * Calls the node's model servers, shared with the node's other chains (each gateway instance's,
   * DESIGN §10.0), whose owner closes them; without it the router has servers of its own.
   */
  public RouterVerticle sharingServers(ModelServers nodeServers) {
    servers = nodeServers;
    return this;
  }

  /** Who may choose which model with {@code /model} on a chat platform; by default, nobody. */
  public RouterVerticle withCommands(CommandsConfig access) {
    commandAccess = access;
    return this;
  }

  /**
   * Sends the warm-up request to the models of providers that ask for one ({@code warmup: true}) once
   * started: for the running bridge, not for a one-shot command, whose question would queue behind it.
   */
  public RouterVerticle warmingUpModels() {
    warmUp = true;
    return this;
  }

  /** Counts the turns running and waiting here in the node's {@code backlog}, which the channels' intake checks. */
  public RouterVerticle countingInto(Backlog nodeBacklog) {
    backlog = nodeBacklog;
    return this;
  }

  /** Reads the files users send as {@code tools.media} says (without it: the defaults, no models). */
  public RouterVerticle readingMedia(MediaConfig config) {
    mediaConfig = config;
    return this;
  }

  /** Serves human handover (DESIGN §14): modes, keywords, operators' messages, {@code switchboard.handover}. */
  public RouterVerticle withHandover(Handover sessionHandover) {
    this.handover = sessionHandover;
    return this;
  }

  /**
   * Streams the replies to these channels' users as they are written ({@code channels.<name>.streaming}):
   * pieces go to {@link Addresses#draft}, then the whole reply to {@link Addresses#outbound} as always.
   */
  public RouterVerticle streamingRepliesTo(Set<String> channels) {
    streamingChannels = Set.copyOf(channels);
    return this;
  }

  /**
   * In a cluster: chat turns are claimed from the shared inbox ({@link ClaimedTurns}) instead of taken
   * from {@code switchboard.inbound}, which then only says that a message is waiting.
   *
   * @param chunkLimits each channel's {@code textChunkLimit}, for the outbox rows the turn writes
   */
  public RouterVerticle claimingTurns(InboxClaims claims, String owner, Duration lease,
                                      Map<String, Integer> chunkLimits) {
    claimedTurnsFactory = answering -> new ClaimedTurns(vertx, claims, owner, lease, chunkLimits, answering,
        handoverTurns);
    return this;
  }

  @Override
  public Future<?> start() {
    if (servers == null) {
      servers = new ModelServers(vertx);
      ownServers = true;
    }
    chain = new ModelChain(vertx, catalog, clients, servers, metrics);
    sessionTurns = new SessionTurns(catalog, chain, history, preferences);
    media = new MediaIntake(vertx, mediaConfig, catalog, clients);
    handoverTurns = new HandoverTurns(vertx, handover, history);
    commands = new ChatCommands(catalog, chain, history, preferences, commandAccess, handoverTurns::describe);
    lanes = new Lanes(context, MAX_PENDING_TURNS, () -> new ChainException(AskFailure.BUSY, "the conversation"
        + " already has " + MAX_PENDING_TURNS + " turns waiting; try again once they are answered"), backlog);
    replies = new ChatReplies(vertx, catalog, sessionTurns, history, commands, handoverTurns, media, streamingChannels,
        () -> stopping);
    asks = new AskTurns(vertx, catalog, chain, sessionTurns, commands, lanes);
    askConsumer = vertx.eventBus().consumer(Addresses.ASK, asks::handle);
    if (claimedTurnsFactory != null) {
      claimedTurns = claimedTurnsFactory.apply(replies);
      // Any node's channel may have journaled it; the claim decides which node answers.
      inboundConsumer = vertx.eventBus().consumer(Addresses.INBOUND, waiting -> claimedTurns.claim());
    } else {
      inboundTurns = new InboundTurns(vertx, new Lanes(context, backlog), lanes, media, replies, handoverTurns,
          streamingChannels);
      inboundConsumer = vertx.eventBus().consumer(Addresses.INBOUND, inboundTurns::handle);
    }
    // Breaker state lives in this node's model servers: /readyz asks this node, never a remote one.
    statusConsumer = vertx.eventBus().localConsumer(Addresses.STATUS, this::onStatus);
    handoverConsumers.addAll(handoverTurns.listen(lanes));
    // What other nodes of a cluster learn about the models (a dead server, a refused key) holds here too.
    eventsConsumer = vertx.eventBus().consumer(Addresses.EVENTS, event -> {
      if (event.body() instanceof JsonObject json) {
        chain.learn(json);
      }
    });
    List<Future<?>> registered = new ArrayList<>(List.of(askConsumer.completion(), inboundConsumer.completion(),
        statusConsumer.completion(), eventsConsumer.completion()));
    handoverConsumers.forEach(consumer -> registered.add(consumer.completion()));
    return Future.all(registered)
        .onSuccess(listening -> {
          if (claimedTurns != null) {
            claimedTurns.start();
          }
          if (warmUp) {
            ModelWarmup.start(chain, catalog);
          }
        });
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    if (claimedTurns != null) {
      claimedTurns.stop();
    }
    List<Future<?>> unregistered = new ArrayList<>(List.of(askConsumer.unregister(), inboundConsumer.unregister(),
        statusConsumer.unregister(), eventsConsumer.unregister()));
    handoverConsumers.forEach(consumer -> unregistered.add(consumer.unregister()));
    return Future.all(unregistered).onComplete(done -> {
      if (ownServers) {
        servers.close();
      }
      media.close();
    });
  }

  /**
   * The node is stopping (DESIGN.md §10.2): no new chat turn starts here (journaled messages wait in
   * the inbox for another node's claim, or for this node's next start), and the returned future
   * completes once the turns already running are finished and their replies handed to the channels,
   * and every ask taken before the drain (other applications on the bus) is answered;
   * asks are still taken meanwhile, since their callers wait. Callable from any thread.
   */
  public Future<Void> drain() {
    Promise<Void> drained = Promise.promise();
    context.runOnContext(onContext -> {
      Future<Void> turns = claimedTurns != null ? claimedTurns.drain() : inboundTurns.drain();
      turns.compose(answered -> asks.answeredSoFar()).onComplete(drained);
    });
    return drained.future();
  }

  /** The drain ran out of time: the claims of the turns still running go back to the store for other nodes. */
  public Future<Void> releaseClaims() {
    Promise<Void> released = Promise.promise();
    context.runOnContext(onContext -> {
      Future<Void> done = claimedTurns == null ? Future.succeededFuture() : claimedTurns.release();
      done.onComplete(released);
    });
    return released.future();
  }

  private void onStatus(Message<Object> message) {
    JsonArray models = new JsonArray();
    chain.status().forEach(status -> models.add(status.toJson()));
    message.reply(new JsonObject().put("anyAvailable", chain.anyAvailable()).put("models", models));
  }
}
