package dev.switchboard.app;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.lanes.Arrivals;
import dev.switchboard.ops.ChannelStatus;
import dev.switchboard.store.Inbox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Messages acknowledged to their platform but not answered when the bridge last stopped (a crash, a
 * kill) go to the router again, in arrival order, so each session keeps its order; but only once their
 * channel runs, since the reply goes to it. A channel that is retrying keeps its messages in the node's
 * {@link Arrivals} until it starts ({@link Arrivals#holdUntilStarted}); one that is disabled or not
 * configured will never answer them, so they are dropped. They wait in {@link Arrivals} ahead of any
 * message accepted later, which so cannot overtake an earlier one of its session, and go on no faster
 * than there is room (a crash under load may leave thousands).
 */
final class InboxReplay {

  private static final Logger LOG = LoggerFactory.getLogger(InboxReplay.class);
  private final Vertx vertx;
  private final Inbox inbox;
  private final Arrivals arrivals;

  InboxReplay(Vertx vertx, Inbox inbox, Arrivals arrivals) {
    this.vertx = vertx;
    this.inbox = inbox;
    this.arrivals = arrivals;
  }

  /** Reads the unanswered messages once, publishing, holding or dropping each by its channel's state. */
  Future<Void> replay(Function<String, Optional<ChannelStatus>> channels) {
    return inbox.unanswered().compose(messages -> {
      List<InboundMessage> now = new ArrayList<>();
      Map<String, List<InboundMessage>> held = new LinkedHashMap<>();
      List<Future<Void>> dropped = new ArrayList<>();
      for (InboundMessage message : messages) {
        Optional<ChannelStatus> channel = channels.apply(message.channel());
        if (channel.isPresent() && channel.get().isRunning()) {
          now.add(message);
        } else if (channel.isPresent() && channel.get().isFailed()) {
          held.computeIfAbsent(message.channel(), name -> new ArrayList<>()).add(message);
        } else {
          dropped.add(inbox.markDropped(message.id(), "channel " + message.channel() + " is not configured"));
        }
      }
      if (!dropped.isEmpty()) {
        LOG.warn("dropping {} message(s) accepted before the last stop: their channel is not configured now",
            dropped.size());
      }
      held.forEach((channel, waiting) -> {
        LOG.info("{} message(s) accepted before the last stop wait for channel {} to start", waiting.size(), channel);
        toRouter(waiting).forEach(arrivals::holdUntilStarted);
      });
      if (!now.isEmpty()) {
        LOG.info("re-publishing {} message(s) accepted but not answered before the last stop", now.size());
        toRouter(now).forEach(arrivals::handOnLater);
      }
      return Future.all(dropped).<Void>mapEmpty().recover(failure -> {
        // They stay unanswered, and are dropped at the next start instead.
        LOG.warn("messages of channels not configured not marked dropped: {}", failure.getMessage());
        return Future.succeededFuture();
      });
    });
  }

  /** Per channel, in arrival order, the hand-ons of its messages to the router. */
  private Map<String, List<Runnable>> toRouter(List<InboundMessage> messages) {
    Map<String, List<Runnable>> toRouter = new LinkedHashMap<>();
    for (InboundMessage message : messages) {
      JsonObject inbound = message.toJson();
      toRouter.computeIfAbsent(message.channel(), channel -> new ArrayList<>())
          .add(() -> vertx.eventBus().send(Addresses.INBOUND, inbound));
    }
    return toRouter;
  }
}
