package dev.switchboard.channel.http;

import dev.switchboard.bus.ConversationEvent;
import dev.switchboard.bus.Refusal;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The {@code types} filter of {@code GET /v1/events}. A type the stream never carries is refused with
 * a 400, because a misspelt filter would otherwise be a stream that stays silent. Empty items are
 * skipped ({@code types=a,,b}, a trailing comma), so a filter naming no type at all ({@code types=})
 * is no filter, as when it is absent; repeated {@code types} parameters add up.
 */
final class EventTypes {

  /**
   * The types published on {@code switchboard.conversation} and {@code switchboard.events}, and the
   * log's own {@code reset} (sent whatever the filter, so naming it does no harm). A type published
   * anew must be added here, or no listener can ask for it.
   */
  static final SortedSet<String> KNOWN = Collections.unmodifiableSortedSet(new TreeSet<>(List.of(
      ConversationEvent.INBOUND, ConversationEvent.REPLY, ConversationEvent.SENT, "delivery_failed",
      "handover_requested", "handover", "failover", "breaker", EventLog.RESET)));

  private EventTypes() {
  }

  /**
   * The types asked for, empty for every type.
   *
   * @param params the values of every {@code types} parameter, each a comma-separated list
   * @throws ApiError naming the unknown types and the known ones
   */
  static Set<String> requested(List<String> params) {
    Set<String> types = new HashSet<>();
    Set<String> unknown = new LinkedHashSet<>();
    for (String param : params) {
      for (String item : param.split(",")) {
        String type = item.trim();
        if (!type.isEmpty()) {
          (KNOWN.contains(type) ? types : unknown).add(type);
        }
      }
    }
    if (!unknown.isEmpty()) {
      String named = unknown.stream().map(type -> "\"" + type + "\"").collect(Collectors.joining(", "));
      throw new ApiError(400, "invalid_request_error", Refusal.INVALID_REQUEST.code(), "types",
          "unknown event type" + (unknown.size() > 1 ? "s " : " ") + named + "; the types are "
              + String.join(", ", KNOWN));
    }
    return types;
  }
}
