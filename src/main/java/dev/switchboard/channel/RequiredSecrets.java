package dev.switchboard.channel;

import dev.switchboard.config.ConfigNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the secrets a channel cannot start without, from its {@code channels.<name>} section. An
 * unset one is not an error: it reads as null and {@link #missing()} names it, so that the options
 * still load and {@code check} and {@code doctor} can report every unset secret at once.
 */
public final class RequiredSecrets {

  private final ConfigNode node;
  private final List<String> missing = new ArrayList<>();

  public RequiredSecrets(ConfigNode node) {
    this.node = node;
  }

  /** The secret at {@code key}, or null when it is unset (then {@link #missing()} says why). */
  public String get(String key) {
    String value = node.secret(key).orElse(null);
    if (value == null) {
      missing.add(node.missingReason(key));
    }
    return value;
  }

  /** One operator-readable line per unset secret read so far, in reading order. */
  public List<String> missing() {
    return List.copyOf(missing);
  }
}
