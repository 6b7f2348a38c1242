package dev.switchboard.channel.slack;

import dev.switchboard.channel.DedupeLog;
import dev.switchboard.fakes.FakeSlackServer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two dedupe keys of a Slack message: the event id and the message's channel+ts. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 5, timeUnit = TimeUnit.SECONDS)
class SlackMessageDedupeTest {

  private final SlackEventParser parser = new SlackEventParser(new SlackIdentity(FakeSlackServer.BOT_USER_ID,
      FakeSlackServer.BOT_ID, FakeSlackServer.TEAM_ID, "Switchboard Test"));
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final DedupeLog log = id -> Future.succeededFuture(seen.add(id));

  @Test
  void aRetryOfTheSameEventIsADuplicate() {
    assertTrue(firstSighting(SlackFixtures.json("app_mention")));
    assertFalse(firstSighting(SlackFixtures.json("app_mention")));
  }

  @Test
  void theSameMessageUnderAnotherEventIdIsADuplicate() {
    assertTrue(firstSighting(SlackFixtures.json("app_mention")));
    JsonObject sameMessage = SlackFixtures.json("app_mention").put("event_id", "Ev0LAN671S");
    assertFalse(firstSighting(sameMessage));
  }

  @Test
  void anEventSeenOnlyThroughItsSecondKeyIsStillRecordedUnderBoth() {
    assertTrue(firstSighting(SlackFixtures.json("app_mention")));
    JsonObject sameMessage = SlackFixtures.json("app_mention").put("event_id", "Ev0LAN671S");
    assertFalse(firstSighting(sameMessage));
    assertTrue(seen.contains("slack:Ev0LAN671S"), "the second event id is remembered for its own retries");
  }

  @Test
  void distinctMessagesAreEachFirstSightings() {
    assertTrue(firstSighting(SlackFixtures.json("app_mention")));
    assertTrue(firstSighting(SlackFixtures.json("app_mention_in_thread")));
    assertTrue(firstSighting(SlackFixtures.json("message_im")));
  }

  private boolean firstSighting(JsonObject body) {
    return assertInstanceOf(SlackEvent.Message.class, parser.parse(body)).firstSighting(log).await();
  }
}
