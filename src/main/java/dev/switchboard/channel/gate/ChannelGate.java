package dev.switchboard.channel.gate;

import dev.switchboard.channel.ChannelOptions;
import dev.switchboard.store.DedupeLog;
import dev.switchboard.store.PairingStore;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.config.MessagesConfig;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * The checks every inbound message passes once its channel has verified and parsed it (and has
 * dropped what it alone can recognise: the bot's own messages, edits, non-text events, group
 * messages that do not mention the bot). In order: age, deduplication, access, rate limit — so a
 * replayed or repeated message never costs a pairing code or a rate-limit token. Each drop is
 * logged once, here.
 */
public final class ChannelGate {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelGate.class);

  private final StaleMessageFilter staleFilter;
  private final DedupeLog dedupe;
  private final AccessPolicy access;
  private final SenderRateLimit rateLimit;

  public ChannelGate(StaleMessageFilter staleFilter, DedupeLog dedupe, AccessPolicy access,
                     SenderRateLimit rateLimit) {
    this.staleFilter = staleFilter;
    this.dedupe = dedupe;
    this.access = access;
    this.rateLimit = rateLimit;
  }

  /** The usual gate of a channel, from its options and the {@code messages} section. */
  public static ChannelGate create(ChannelOptions options, MessagesConfig messages, DedupeLog dedupe,
                                   PairingStore pairing, Clock clock) {
    return new ChannelGate(new StaleMessageFilter(messages.maxAgeSeconds(), clock), dedupe,
        new AccessPolicy(options, pairing), new SenderRateLimit(messages.perSenderPerMinute(), clock));
  }

  /**
   * Decides what happens to the message. Fails only when the dedupe log cannot answer: the caller
   * should then answer the platform with a 5xx so that it retries later.
   */
  public Future<GateDecision> admit(InboundMessage message) {
    if (staleFilter.isStale(message)) {
      return Future.succeededFuture(routineDrop(message,
          GateDecision.ignore("stale (sent " + staleFilter.ageMs(message) / 1000 + " s ago)")));
    }
    return dedupe.firstSighting(message.id()).compose(first -> first
        ? checkAccess(message)
        : Future.succeededFuture(routineDrop(message, GateDecision.ignore("duplicate"))));
  }

  private Future<GateDecision> checkAccess(InboundMessage message) {
    return access.check(message)
        .recover(failure -> {
          LOG.warn("{}: access check for {} failed, message dropped: {}", message.channel(), message.id(),
              failure.getMessage());
          return Future.succeededFuture(GateDecision.ignore("access check failed"));
        })
        .map(decision -> decision.action() == GateDecision.Action.PUBLISH
            ? checkRate(message)
            : dropped(message, decision));
  }

  private GateDecision checkRate(InboundMessage message) {
    return switch (rateLimit.check(message.channel() + ':' + message.senderId())) {
      case ALLOW -> GateDecision.publish();
      case NOTIFY -> dropped(message, GateDecision.reply("rate limited", SenderRateLimit.NOTICE));
      case DROP -> dropped(message, GateDecision.ignore("rate limited"));
    };
  }

  /** Platforms retry and replay routinely: worth a trace, not an operator's attention. */
  private static GateDecision routineDrop(InboundMessage message, GateDecision decision) {
    LOG.debug("{}: {} from {} dropped: {}", message.channel(), message.id(), message.senderId(), decision.reason());
    return decision;
  }

  private static GateDecision dropped(InboundMessage message, GateDecision decision) {
    LOG.info("{}: {} from {} dropped: {}", message.channel(), message.id(), message.senderId(), decision.reason());
    return decision;
  }

  /** The message was admitted but could not be kept: let the platform's retry through the dedupe. */
  public void release(InboundMessage message) {
    dedupe.forget(message.id());
  }
}
