package dev.switchboard.config;

import io.vertx.core.json.JsonObject;

/**
 * The one HTTP port: webhooks, the OpenAI-compatible API and the ops routes.
 *
 * @param maxBodyBytes largest request body accepted, in bytes; larger gets 413
 * @param instances    gateway verticles sharing the port, one per event loop (default: the cores)
 */
public record GatewayConfig(String bind, int port, long maxBodyBytes, int instances) {

  public static final String DEFAULT_BIND = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

  /** One instance per core: the gateway is where HTTP parsing, signatures and JSON take CPU. */
  public static int defaultInstances() {
    return Runtime.getRuntime().availableProcessors();
  }

  public GatewayConfig(String bind, int port, long maxBodyBytes) {
    this(bind, port, maxBodyBytes, defaultInstances());
  }

  /** What a gateway verticle reads from {@code config()}. */
  public JsonObject toJson() {
    return new JsonObject().put("bind", bind).put("port", port).put("maxBodyBytes", maxBodyBytes)
        .put("instances", instances);
  }

  public static GatewayConfig fromJson(JsonObject json) {
    return new GatewayConfig(json.getString("bind", DEFAULT_BIND), json.getInteger("port", DEFAULT_PORT),
        json.getLong("maxBodyBytes", DEFAULT_MAX_BODY_BYTES), json.getInteger("instances", 1));
  }
}
