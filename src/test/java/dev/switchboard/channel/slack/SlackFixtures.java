package dev.switchboard.channel.slack;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The webhook bodies in {@code channels/slack/fixtures/}, as Slack sends them. */
final class SlackFixtures {

  private static final Path DIR = Path.of("channels", "slack", "fixtures");

  private SlackFixtures() {
  }

  static String raw(String name) {
    try {
      return Files.readString(DIR.resolve(name + ".json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonObject json(String name) {
    return new JsonObject(raw(name));
  }

  /**
   * The fixture as if sent just now: the message's {@code ts} moved to {@code epochSeconds} (its
   * thread, if any, is kept), so that the age check lets it through. Both events of one mention get
   * the same {@code ts} when given the same time.
   */
  static JsonObject sentAt(String name, long epochSeconds) {
    JsonObject body = json(name);
    JsonObject event = body.getJsonObject("event");
    if (event != null && event.containsKey("ts")) {
      String ts = epochSeconds + event.getString("ts").substring(event.getString("ts").indexOf('.'));
      event.put("ts", ts).put("event_ts", ts);
      body.put("event_time", epochSeconds);
    }
    return body;
  }
}
