package dev.switchboard.config;

/**
 * When and how long histories are summarised.
 *
 * @param model           the model that writes summaries, or null for the chain itself
 * @param keepRecentTurns turns kept verbatim after the summary
 */
public record CompactionConfig(boolean enabled, ModelRef model, int keepRecentTurns) {

  public static final int DEFAULT_KEEP_RECENT_TURNS = 4;
}
