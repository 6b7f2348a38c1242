package dev.switchboard.channel.telegram;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.switchboard.fakes.FakeTelegramServer;
import dev.switchboard.fuzz.FuzzInput;

/** Any body with Telegram's secret header: parsed, or refused as "not an Update" (400); nothing else. */
class UpdateParserFuzzTest {

  private final UpdateParser inGroupsOnMention = new UpdateParser(
      new BotIdentity(FakeTelegramServer.BOT_ID, FakeTelegramServer.BOT_USERNAME), true);
  private final UpdateParser everything = new UpdateParser(
      new BotIdentity(FakeTelegramServer.BOT_ID, FakeTelegramServer.BOT_USERNAME), false);

  @FuzzTest(maxDuration = "60s")
  void anyBodyIsParsedOrRefusedCleanly(byte[] body) {
    FuzzInput.jsonObject(body).ifPresent(update -> {
      for (UpdateParser parser : new UpdateParser[] {inGroupsOnMention, everything}) {
        try {
          parser.parse(update);
        } catch (IllegalArgumentException refused) {
          // The handler answers 400: not an Update.
        }
      }
    });
  }
}
