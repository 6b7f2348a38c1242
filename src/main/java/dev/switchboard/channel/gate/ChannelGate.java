package dev.switchboard.channel.gate;

import dev.switchboard.channel.ChannelOptions;
import dev.switchboard.store.DedupeLog;
import dev.switchboard.store.Inbox;
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
 *
 * <p>{@link #admitInto} also journals what it admits. A message the gate lets through at once (an
 * allowed sender within its rate: nearly all traffic) is deduplicated and journaled in one store
 * commit, which is what the platform's acknowledgement waits for; its rate token, taken first, is
 * given back when it turns out to be a duplicate. Every other message is deduplicated first, as above.
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

  /**
   * As {@link #admit}, and a message to PUBLISH is journaled in {@code inbox} before the future
   * completes. Fails when the store could not answer or keep the message: the caller should then answer
   * the platform with a 5xx so that it retries.
   */
  public Future<GateDecision> admitInto(Inbox inbox, InboundMessage message) {
    if (staleFilter.isStale(message)) {
      return admit(message);
    }
    return access.allowsOutright(message).otherwise(false).compose(allowed -> {
      String sender = senderKey(message);
      if (allowed && rateLimit.tryTake(sender)) {
        return inbox.journalIfNew(message)
            .onFailure(notKept -> rateLimit.refund(sender))
            .map(journaled -> {
              if (journaled) {
                return GateDecision.publish();
              }
              rateLimit.refund(sender);
              return routineDrop(message, GateDecision.ignore("duplicate"));
            });
      }
      return admit(message).compose(decision -> decision.action() != GateDecision.Action.PUBLISH
          ? Future.succeededFuture(decision)
          : inbox.journal(message).onFailure(notKept -> dedupe.forget(message.id())).map(decision));
    });
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
    return switch (rateLimit.check(senderKey(message))) {
      case ALLOW -> GateDecision.publish();
      case NOTIFY -> dropped(message, GateDecision.reply("rate limited", SenderRateLimit.NOTICE));
      case DROP -> dropped(message, GateDecision.ignore("rate limited"));
    };
  }

  private static String senderKey(InboundMessage message) {
    return message.channel() + ':' + message.senderId();
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
}
