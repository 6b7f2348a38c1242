package dev.switchboard.channel.gate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Who may talk to the bot in direct messages. */
public enum DmPolicy {
  /** Anyone. */
  OPEN("open"),
  /** Only senders in {@code allowFrom} or approved through pairing. */
  ALLOWLIST("allowlist"),
  /** Like {@link #ALLOWLIST}, but an unknown sender gets a code the operator can approve. */
  PAIRING("pairing"),
  /** Nobody: direct messages are ignored. */
  DISABLED("disabled");

  /** Config value to policy, in declaration order (for error messages listing the choices). */
  public static final Map<String, DmPolicy> BY_WIRE_NAME = byWireName();

  private final String wireName;

  DmPolicy(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  private static Map<String, DmPolicy> byWireName() {
    Map<String, DmPolicy> map = new LinkedHashMap<>();
    for (DmPolicy policy : values()) {
      map.put(policy.wireName, policy);
    }
    return Collections.unmodifiableMap(map);
  }
}
