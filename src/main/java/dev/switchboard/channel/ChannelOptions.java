package dev.switchboard.channel;

import dev.switchboard.channel.gate.DmPolicy;
import dev.switchboard.channel.gate.GroupPolicy;
import dev.switchboard.config.ConfigNode;
import io.vertx.core.http.PoolOptions;

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
 * @param maxConnections connections to the platform's API at most, so requests to it in flight at
 *                       once (HTTP/1.1 carries one at a time); more wait for a free one
 */
public record ChannelOptions(DmPolicy dmPolicy, Set<String> allowFrom, GroupPolicy groupPolicy,
                             boolean requireMention, int textChunkLimit, int maxConnections) {

  /** The keys {@link #from} reads; platform parsers add their own to these. */
  public static final List<String> COMMON_KEYS =
      List.of("enabled", "dmPolicy", "allowFrom", "groupPolicy", "groups", "textChunkLimit", "maxConnections");

  public static final DmPolicy DEFAULT_DM_POLICY = DmPolicy.PAIRING;
  public static final GroupPolicy DEFAULT_GROUP_POLICY = GroupPolicy.OPEN;
  public static final boolean DEFAULT_REQUIRE_MENTION = true;
  public static final int DEFAULT_TEXT_CHUNK_LIMIT = 4000;
  /** Telegram's hard limit is 4096 and WhatsApp's 4096; nothing larger is sendable anywhere. */
  public static final int MAX_TEXT_CHUNK_LIMIT = 4096;
  public static final String ANY_SENDER = "*";
  /**
   * A platform answers a send in 100–500 ms (Meta's Graph API toward the upper end), so sends to
   * different chats at WhatsApp's default 80 messages/s per number need about 30 at once; Vert.x's own
   * default of 5 connections would cap a channel at 10–50 sends/s, with the rest waiting in memory.
   */
  public static final int DEFAULT_MAX_CONNECTIONS = 32;
  public static final int MAX_MAX_CONNECTIONS = 1000;

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
        node.integer("textChunkLimit", DEFAULT_TEXT_CHUNK_LIMIT, 100, MAX_TEXT_CHUNK_LIMIT),
        node.integer("maxConnections", DEFAULT_MAX_CONNECTIONS, 1, MAX_MAX_CONNECTIONS));
  }

  /** The defaults, as if the section held none of the common keys. */
  public static ChannelOptions defaults(DmPolicy dmPolicy) {
    return new ChannelOptions(dmPolicy, Set.of(), DEFAULT_GROUP_POLICY, DEFAULT_REQUIRE_MENTION,
        DEFAULT_TEXT_CHUNK_LIMIT, DEFAULT_MAX_CONNECTIONS);
  }

  /** The pool of the channel's client for its platform's API: {@link #maxConnections} connections. */
  public PoolOptions apiPool() {
    return new PoolOptions().setHttp1MaxSize(maxConnections);
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
