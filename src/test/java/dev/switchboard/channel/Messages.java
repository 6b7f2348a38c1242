package dev.switchboard.channel;

import dev.switchboard.bus.ChatType;
import dev.switchboard.bus.InboundMessage;

/** Inbound messages as a channel would build them. */
public final class Messages {

  private Messages() {
  }

  public static InboundMessage dm(String id, String senderId, long receivedAt) {
    return new InboundMessage("telegram:" + id, "telegram", "bot1", senderId, ChatType.DM, senderId, "Ann",
        null, "hello", receivedAt, null);
  }

  public static InboundMessage group(String id, String senderId, long receivedAt) {
    return new InboundMessage("telegram:" + id, "telegram", "bot1", "-100123", ChatType.GROUP, senderId, "Ann",
        null, "@bot hello", receivedAt, null);
  }
}
