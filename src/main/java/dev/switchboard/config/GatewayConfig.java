package dev.switchboard.config;

import io.vertx.core.json.JsonObject;

/**
 * The one HTTP port: webhooks, the OpenAI-compatible API and the ops routes.
 *
 * @param maxBodyBytes       largest request body accepted, in bytes; larger gets 413
 * @param opsToken           bearer token that opens {@code /metrics} and the detailed {@code /readyz} to
 *                           callers not on this machine; null: loopback only
 * @param idleTimeoutSeconds a connection without traffic for this long is closed
 * @param instances          gateway verticles sharing the port, one per event loop (default: the cores)
 * @param drainSeconds       at SIGTERM, how long turns running here may take to finish and send their
 *                           replies before their claims are given back (DESIGN.md §10.2)
 */
public record GatewayConfig(String bind, int port, long maxBodyBytes, String opsToken, int idleTimeoutSeconds,
                            int instances, int drainSeconds) {

  public static final String DEFAULT_BIND = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 120;
  /** Below Kubernetes' default grace period (30 s), so the drain ends before SIGKILL comes. */
  public static final int DEFAULT_DRAIN_SECONDS = 20;

  /** One instance per core: the gateway is where HTTP parsing, signatures and JSON take CPU. */
  public static int defaultInstances() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** No ops token, the default idle timeout, one instance per core. */
  public GatewayConfig(String bind, int port, long maxBodyBytes) {
    this(bind, port, maxBodyBytes, null, DEFAULT_IDLE_TIMEOUT_SECONDS, defaultInstances());
  }

  /** The default drain time. */
  public GatewayConfig(String bind, int port, long maxBodyBytes, String opsToken, int idleTimeoutSeconds,
                       int instances) {
    this(bind, port, maxBodyBytes, opsToken, idleTimeoutSeconds, instances, DEFAULT_DRAIN_SECONDS);
  }

  /** What a gateway verticle reads from {@code config()}. */
  public JsonObject toJson() {
    return new JsonObject().put("bind", bind).put("port", port).put("maxBodyBytes", maxBodyBytes)
        .put("opsToken", opsToken).put("idleTimeoutSeconds", idleTimeoutSeconds).put("instances", instances)
        .put("drainSeconds", drainSeconds);
  }

  public static GatewayConfig fromJson(JsonObject json) {
    return new GatewayConfig(json.getString("bind", DEFAULT_BIND), json.getInteger("port", DEFAULT_PORT),
        json.getLong("maxBodyBytes", DEFAULT_MAX_BODY_BYTES), json.getString("opsToken"),
        json.getInteger("idleTimeoutSeconds", DEFAULT_IDLE_TIMEOUT_SECONDS), json.getInteger("instances", 1),
        json.getInteger("drainSeconds", DEFAULT_DRAIN_SECONDS));
  }

  /** The ops token masked: this record reaches logs and error messages. */
  @Override
  public String toString() {
    return Redaction.render(this);
  }
}
