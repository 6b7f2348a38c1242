package dev.switchboard.store;

import dev.switchboard.bus.InboundMessage;

/**
 * Session keys with {@code dmScope: per-channel-peer} (DESIGN.md §9):
 * {@code <channel>:<accountId>:<dm|group>:<chatId>[:thread:<threadId>]}. The account is part of the
 * key because one bridge may serve several bots or business numbers on the same channel, and a
 * thread is its own conversation.
 */
public final class SessionKeys {

  private SessionKeys() {
  }

  public static String of(InboundMessage message) {
    String key = message.channel() + ":" + message.accountId() + ":" + message.chatType().wireName() + ":"
        + message.chatId();
    return message.threadId() == null ? key : key + ":thread:" + message.threadId();
  }
}
