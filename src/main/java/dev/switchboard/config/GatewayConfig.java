package dev.switchboard.config;

/**
 * The one HTTP port: webhooks, the OpenAI-compatible API and the ops routes.
 *
 * @param maxBodyBytes largest request body accepted, in bytes; larger gets 413
 */
public record GatewayConfig(String bind, int port, long maxBodyBytes) {

  public static final String DEFAULT_BIND = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
}
