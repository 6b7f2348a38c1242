package dev.switchboard.channel;

import dev.switchboard.channel.gate.DmPolicy;
import dev.switchboard.channel.gate.GroupPolicy;
import dev.switchboard.config.ConfigNode;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The options every chat channel shares, read from its {@code channels.<name>} section. A platform's
 * own options record embeds this one and rejects unknown keys with
 * {@code node.allowOnly(ChannelOptions.withCommonKeys("botToken", …))}.
 *
 * @param dmPolicy       who may write in direct messages
 * @param allowFrom      sender ids always admitted in DMs; {@code "*"} admits everyone
 * @param groupPolicy    whether group chats are answered at all
 * @param requireMention in groups, answer only when mentioned or replied to ({@code groups.requireMention})
 * @param textChunkLimit longest message sent to the platform, in UTF-16 code units
 */
public record ChannelOptions(DmPolicy dmPolicy, Set<String> allowFrom, GroupPolicy groupPolicy,
                             boolean requireMention, int textChunkLimit) {

  /** The keys {@link #from} reads; platform parsers add their own to these. */
  public static final List<String> COMMON_KEYS =
      List.of("enabled", "dmPolicy", "allowFrom", "groupPolicy", "groups", "textChunkLimit");

  public static final DmPolicy DEFAULT_DM_POLICY = DmPolicy.PAIRING;
  public static final GroupPolicy DEFAULT_GROUP_POLICY = GroupPolicy.OPEN;
  public static final boolean DEFAULT_REQUIRE_MENTION = true;
  public static final int DEFAULT_TEXT_CHUNK_LIMIT = 4000;
  /** Telegram's hard limit is 4096 and WhatsApp's 4096; nothing larger is sendable anywhere. */
  public static final int MAX_TEXT_CHUNK_LIMIT = 4096;
  public static final String ANY_SENDER = "*";

  public ChannelOptions {
    allowFrom = Set.copyOf(allowFrom);
  }

  /**
   * Reads the common options. Keys outside {@link #COMMON_KEYS} are left for the caller's
   * {@code allowOnly}; wrong values fail with a {@code ConfigException} naming the path.
   *
   * @param defaultDmPolicy {@link DmPolicy#PAIRING} for WhatsApp and Telegram, {@link DmPolicy#OPEN} for Slack
   */
  public static ChannelOptions from(ConfigNode node, DmPolicy defaultDmPolicy) {
    ConfigNode groups = node.object("groups").allowOnly("requireMention");
    return new ChannelOptions(
        node.oneOf("dmPolicy", DmPolicy.BY_WIRE_NAME, defaultDmPolicy),
        new LinkedHashSet<>(node.strings("allowFrom")),
        node.oneOf("groupPolicy", GroupPolicy.BY_WIRE_NAME, DEFAULT_GROUP_POLICY),
        groups.bool("requireMention", DEFAULT_REQUIRE_MENTION),
        node.integer("textChunkLimit", DEFAULT_TEXT_CHUNK_LIMIT, 100, MAX_TEXT_CHUNK_LIMIT));
  }

  /** The defaults, as if the section held none of the common keys. */
  public static ChannelOptions defaults(DmPolicy dmPolicy) {
    return new ChannelOptions(dmPolicy, Set.of(), DEFAULT_GROUP_POLICY, DEFAULT_REQUIRE_MENTION,
        DEFAULT_TEXT_CHUNK_LIMIT);
  }

  /** {@link #COMMON_KEYS} followed by the platform's own keys, ready for {@code ConfigNode.allowOnly}. */
  public static String[] withCommonKeys(String... platformKeys) {
    return Stream.concat(COMMON_KEYS.stream(), Stream.of(platformKeys)).toArray(String[]::new);
  }

  /**
   * Whether {@code allowFrom} lists the sender. A leading {@code +} is ignored on both sides, so
   * that an operator's E.164 number matches WhatsApp's {@code wa_id}, which has none.
   */
  public boolean allowFromIncludes(String senderId) {
    if (allowFrom.contains(ANY_SENDER)) {
      return true;
    }
    String sender = withoutPlus(senderId);
    return allowFrom.stream().anyMatch(allowed -> withoutPlus(allowed).equals(sender));
  }

  private static String withoutPlus(String id) {
    return id.startsWith("+") ? id.substring(1) : id;
  }
}
