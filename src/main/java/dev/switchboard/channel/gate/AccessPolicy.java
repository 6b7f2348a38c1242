package dev.switchboard.channel.gate;

import dev.switchboard.channel.ChannelOptions;
import dev.switchboard.store.PairingStore;
import dev.switchboard.store.PendingPairing;
import dev.switchboard.bus.ChatType;
import dev.switchboard.bus.InboundMessage;
import io.vertx.core.Future;

/**
 * Who may make the bot work. In direct messages: {@code dmPolicy}, {@code allowFrom} and the senders
 * approved through pairing; an unknown sender under {@code pairing} gets a code to hand to the
 * operator, and is never answered twice in a row with the same news. In groups: anyone, unless
 * {@code groupPolicy} is {@code disabled} (whether the bot was mentioned is the channel's check).
 */
public final class AccessPolicy {

  private final ChannelOptions options;
  private final PairingStore pairing;

  public AccessPolicy(ChannelOptions options, PairingStore pairing) {
    this.options = options;
    this.pairing = pairing;
  }

  /** PUBLISH, IGNORE with the reason, or REPLY with the pairing code text. */
  public Future<GateDecision> check(InboundMessage message) {
    return allowsOutright(message).compose(allowed -> allowed ? Future.succeededFuture(GateDecision.publish())
        : refusal(message));
  }

  /**
   * Whether the sender may make the bot work as things stand, without asking for anything: a group the
   * bot serves, an open DM policy, a sender in {@code allowFrom} or already approved. Changes nothing,
   * so it may run before deduplication; {@link #check} then only adds what happens to the others.
   */
  public Future<Boolean> allowsOutright(InboundMessage message) {
    if (message.chatType() == ChatType.GROUP) {
      return Future.succeededFuture(options.groupPolicy() != GroupPolicy.DISABLED);
    }
    return switch (options.dmPolicy()) {
      case OPEN -> Future.succeededFuture(true);
      case DISABLED -> Future.succeededFuture(false);
      case ALLOWLIST, PAIRING -> options.allowFromIncludes(message.senderId()) ? Future.succeededFuture(true)
          : pairing.isApproved(message.channel(), message.senderId());
    };
  }

  /** What happens to a message {@link #allowsOutright} did not let through (OPEN never gets here). */
  private Future<GateDecision> refusal(InboundMessage message) {
    if (message.chatType() == ChatType.GROUP) {
      return Future.succeededFuture(GateDecision.ignore("groups are disabled"));
    }
    return switch (options.dmPolicy()) {
      case OPEN -> Future.succeededFuture(GateDecision.publish());
      case DISABLED -> Future.succeededFuture(GateDecision.ignore("direct messages are disabled"));
      case ALLOWLIST -> Future.succeededFuture(GateDecision.ignore("sender not in allowFrom"));
      case PAIRING -> requestPairing(message);
    };
  }

  private Future<GateDecision> requestPairing(InboundMessage message) {
    return pairing.request(message.channel(), message.senderId(), message.senderName()).map(request ->
        switch (request.outcome()) {
          case APPROVED -> GateDecision.publish();
          case NEW_CODE -> GateDecision.reply("pairing code issued", newCodeText(request.pairing()));
          case REMINDER -> GateDecision.reply("pairing code reminded", reminderText(request.pairing()));
          case ALREADY_NOTIFIED -> GateDecision.ignore("pairing pending, sender already told");
          case LIMIT_REACHED -> GateDecision.ignore("pairing limit of " + PairingStore.MAX_PENDING_PER_CHANNEL
              + " pending codes reached");
        });
  }

  private static String newCodeText(PendingPairing pairing) {
    return "Hi! This bot only answers people its operator has approved. Your pairing code is "
        + pairing.code() + " (valid for 1 hour). Please ask the operator to run:\n"
        + approveCommand(pairing);
  }

  private static String reminderText(PendingPairing pairing) {
    return "You're still waiting for approval. Your pairing code is " + pairing.code()
        + ". Please ask the operator to run:\n" + approveCommand(pairing);
  }

  private static String approveCommand(PendingPairing pairing) {
    return "switchboard pairing approve " + pairing.channel() + " " + pairing.code();
  }
}
