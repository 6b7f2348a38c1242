package dev.switchboard.routing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What the chain knows about one model right now, for {@code /readyz} and {@code /status}.
 *
 * @param reason why the model is not usable (its last failure, the missing key), or null when closed
 * @param until  epoch milliseconds when the model may be tried again, or null when unknown or not applicable
 * @param servers each server of the model: {@code url, breaker, inFlight, maxConnections, queued,
 *                lastError, lastErrorAt, cooldownUntil, lastLatencyMs}
 */
public record ModelStatus(String model, State state, String reason, Long until, JsonArray servers) {

  public ModelStatus(String model, State state, String reason, Long until) {
    this(model, state, reason, until, new JsonArray());
  }

  /** A model's state, from the most to the least definitive. */
  public enum State {
    /** The provider cannot be used at all (its key is missing). */
    UNAVAILABLE,
    /** A configuration problem (auth, model not found): not tried until {@code until}. */
    DISABLED,
    /** The breaker is open: skipped without a request. */
    OPEN,
    /** The breaker lets one probe through. */
    HALF_OPEN,
    /** Rate limited: skipped until Retry-After. */
    COOLING_DOWN,
    CLOSED;

    public String wireName() {
      return name().toLowerCase();
    }
  }

  /** Whether a turn would call this model now. */
  public boolean usable() {
    return state == State.CLOSED || state == State.HALF_OPEN;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("model", model).put("state", state.wireName());
    if (reason != null) {
      json.put("reason", reason);
    }
    if (until != null) {
      json.put("until", until);
    }
    if (servers != null && !servers.isEmpty()) {
      json.put("servers", servers.copy());
    }
    return json;
  }
}
