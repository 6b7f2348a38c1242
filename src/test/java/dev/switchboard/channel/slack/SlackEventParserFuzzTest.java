package dev.switchboard.channel.slack;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.switchboard.fuzz.FuzzInput;

/** Any signed Events API body: the parser always answers (a message, a challenge or "ignored"), never throws. */
class SlackEventParserFuzzTest {

  private final SlackEventParser parser = new SlackEventParser(new SlackIdentity("U0BOT", "B0BOT", "T0TEAM", "team"));

  @FuzzTest(maxDuration = "60s")
  void anyBodyGetsAnEvent(byte[] body) {
    FuzzInput.jsonObject(body).ifPresent(parser::parse);
  }
}
