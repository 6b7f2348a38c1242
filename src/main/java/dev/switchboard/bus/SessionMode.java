package dev.switchboard.bus;

import java.util.Locale;

/** Who answers a session: the bot (the model), or a person after a handover. */
public enum SessionMode {
  BOT, HUMAN;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode named {@code value} ({@code bot} or {@code human}, any case), or null for anything else. */
  public static SessionMode fromWire(Object value) {
    if (value instanceof String text) {
      for (SessionMode mode : values()) {
        if (mode.wireName().equalsIgnoreCase(text.trim())) {
          return mode;
        }
      }
    }
    return null;
  }
}
