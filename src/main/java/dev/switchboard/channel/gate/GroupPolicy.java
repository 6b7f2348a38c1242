package dev.switchboard.channel.gate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Whether the bot answers in group chats at all (mentions are a separate, per-channel check). */
public enum GroupPolicy {
  OPEN("open"),
  DISABLED("disabled");

  /** Config value to policy, in declaration order. */
  public static final Map<String, GroupPolicy> BY_WIRE_NAME = byWireName();

  private final String wireName;

  GroupPolicy(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  private static Map<String, GroupPolicy> byWireName() {
    Map<String, GroupPolicy> map = new LinkedHashMap<>();
    for (GroupPolicy policy : values()) {
      map.put(policy.wireName, policy);
    }
    return Collections.unmodifiableMap(map);
  }
}
