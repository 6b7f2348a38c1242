package dev.switchboard.config;

import java.util.List;

/**
 * {@code agents.defaults.handover}: how a user asks for a person, and for how long a session stays
 * with one without operator activity.
 *
 * @param keywords           words that hand the session to a person, matched as whole words in any case
 * @param message            what the user is told when that happens
 * @param resumeAfterMinutes the bot answers again after this long without operator activity; 0: never by itself
 */
public record HandoverConfig(List<String> keywords, String message, int resumeAfterMinutes) {

  public static final String DEFAULT_MESSAGE = "I am passing you to a person, who will answer here shortly.";
  public static final int DEFAULT_RESUME_AFTER_MINUTES = 60;
  public static final HandoverConfig DEFAULT = new HandoverConfig(List.of(), DEFAULT_MESSAGE,
      DEFAULT_RESUME_AFTER_MINUTES);

  public HandoverConfig {
    keywords = List.copyOf(keywords);
  }

  static HandoverConfig read(ConfigNode node) {
    node.allowOnly("keywords", "message", "resumeAfterMinutes");
    List<String> keywords = node.strings("keywords");
    for (int i = 0; i < keywords.size(); i++) {
      if (keywords.get(i).isBlank()) {
        throw new ConfigException(node.pathOf("keywords") + "[" + i + "]", "a keyword must not be blank");
      }
    }
    String message = node.string("message", DEFAULT_MESSAGE);
    if (message.isBlank()) {
      throw new ConfigException(node.pathOf("message"), "must not be blank: the user is told something");
    }
    return new HandoverConfig(keywords.stream().map(String::strip).toList(), message,
        node.integer("resumeAfterMinutes", DEFAULT_RESUME_AFTER_MINUTES, 0, 525_600));
  }
}
