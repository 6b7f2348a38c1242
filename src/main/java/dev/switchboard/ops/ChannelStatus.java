package dev.switchboard.ops;

import io.vertx.core.json.JsonObject;

/**
 * Whether a channel runs, and if not why: reported by {@code check}, {@code doctor} and {@code /readyz}.
 *
 * @param state  running, disabled (by config), not_configured (a required secret is missing) or failed (it
 *               could not start, the platform unreachable, say; the bridge keeps trying)
 * @param detail what is missing or wrong, or null
 */
public record ChannelStatus(String name, String state, String detail) {

  public static ChannelStatus running(String name) {
    return new ChannelStatus(name, "running", null);
  }

  public static ChannelStatus notConfigured(String name, String detail) {
    return new ChannelStatus(name, "not_configured", detail);
  }

  public static ChannelStatus disabled(String name) {
    return new ChannelStatus(name, "disabled", null);
  }

  public static ChannelStatus failed(String name, String reason) {
    return new ChannelStatus(name, "failed", reason);
  }

  public boolean isRunning() {
    return state.equals("running");
  }

  /** It could not start; the bridge tries again. */
  public boolean isFailed() {
    return state.equals("failed");
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("name", name).put("state", state);
    return detail == null ? json : json.put("detail", detail);
  }
}
