package dev.switchboard.store;

import dev.switchboard.bus.ChatType;
import dev.switchboard.bus.InboundMessage;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Which conversation a message belongs to, with {@code dmScope: per-channel-peer}. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 5, timeUnit = TimeUnit.SECONDS)
class SessionKeysTest {

  private static InboundMessage message(String channel, String account, ChatType type, String chat, String thread) {
    return new InboundMessage(channel + ":m1", channel, account, chat, type, "u1", "Ada", thread, "hi", 0, null);
  }

  @Test
  void aDirectMessageIsKeyedByChannelAccountAndPeer() {
    assertEquals("whatsapp:1555:dm:393331234567",
        SessionKeys.of(message("whatsapp", "1555", ChatType.DM, "393331234567", null)));
  }

  @Test
  void aThreadIsItsOwnConversation() {
    assertEquals("slack:T1:group:C42:thread:1712.0001",
        SessionKeys.of(message("slack", "T1", ChatType.GROUP, "C42", "1712.0001")));
  }

  @Test
  void theSameChatOnAnotherBotIsAnotherConversation() {
    String first = SessionKeys.of(message("telegram", "bot1", ChatType.DM, "42", null));
    String second = SessionKeys.of(message("telegram", "bot2", ChatType.DM, "42", null));

    assertNotEquals(first, second);
  }
}
