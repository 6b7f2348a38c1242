package dev.switchboard.config;

/**
 * A model reference {@code provider/model}. Split on the first {@code /} only, because model ids
 * themselves contain slashes ({@code openrouter/minimax/minimax-m2.1}).
 */
public record ModelRef(String provider, String model) {

  /** Parses {@code provider/model}; null when the text has no provider part. */
  public static ModelRef parseOrNull(String text) {
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1) {
      return null;
    }
    return new ModelRef(text.substring(0, slash).toLowerCase(), text.substring(slash + 1));
  }

  @Override
  public String toString() {
    return provider + "/" + model;
  }
}
