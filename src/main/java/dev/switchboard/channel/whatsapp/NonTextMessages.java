package dev.switchboard.channel.whatsapp;

import java.util.Map;

/** What the bridge does when someone sends an image, a voice note, a location or another non-text message. */
public enum NonTextMessages {
  /** Answer once with a short note that only text is read. */
  REPLY,
  /** Acknowledge the webhook and do nothing. */
  IGNORE;

  /** The config spellings, for {@code ConfigNode.oneOf}. */
  static final Map<String, NonTextMessages> BY_NAME = Map.of("reply", REPLY, "ignore", IGNORE);
}
