package dev.switchboard.config;

/**
 * The one HTTP port: webhooks, the OpenAI-compatible API and the ops routes.
 *
 * @param maxBodyBytes       largest request body accepted, in bytes; larger gets 413
 * @param opsToken           bearer token that opens {@code /metrics} and the detailed {@code /readyz} to
 *                           callers not on this machine; null: loopback only
 * @param idleTimeoutSeconds a connection without traffic for this long is closed
 */
public record GatewayConfig(String bind, int port, long maxBodyBytes, String opsToken, int idleTimeoutSeconds) {

  public static final String DEFAULT_BIND = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 120;

  /** No ops token, the default idle timeout. */
  public GatewayConfig(String bind, int port, long maxBodyBytes) {
    this(bind, port, maxBodyBytes, null, DEFAULT_IDLE_TIMEOUT_SECONDS);
  }

  /** The ops token masked: this record reaches logs and error messages. */
  @Override
  public String toString() {
    return Redaction.render(this);
  }
}
