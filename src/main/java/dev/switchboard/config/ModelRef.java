package dev.switchboard.config;

import java.util.Objects;

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

  // Written out, not generated: a record's generated equals and hashCode link through
  // java.lang.runtime.ObjectMethods on first use, which cost about 40 ms of the main thread while
  // the configuration's fallbacks were compared at start (a CPU profile of the start, DESIGN §12).
  @Override
  public boolean equals(Object other) {
    return other instanceof ModelRef ref && Objects.equals(provider, ref.provider) && Objects.equals(model, ref.model);
  }

  @Override
  public int hashCode() {
    return 31 * Objects.hashCode(provider) + Objects.hashCode(model);
  }

  @Override
  public String toString() {
    return provider + "/" + model;
  }
}
