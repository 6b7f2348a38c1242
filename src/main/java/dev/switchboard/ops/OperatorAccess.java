package dev.switchboard.ops;

import io.vertx.core.http.HttpServerRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may read the operator surfaces ({@code /metrics}, the detailed {@code /readyz}): a program on this
 * machine, or anyone presenting {@code gateway.opsToken} as a bearer token. A reverse proxy or tunnel in
 * front of the webhooks also connects from loopback, so a request carrying forwarding headers is remote.
 */
public final class OperatorAccess {

  private static final String BEARER = "Bearer ";

  private final byte[] token;

  /** {@code opsToken} null: only programs on this machine. */
  public OperatorAccess(String opsToken) {
    this.token = opsToken == null ? null : opsToken.getBytes(StandardCharsets.UTF_8);
  }

  public boolean allows(HttpServerRequest request) {
    return fromThisMachine(request) || (token != null && bearerMatches(token, request.getHeader("Authorization")));
  }

  /** Connected over loopback and not relayed by a proxy. */
  public static boolean fromThisMachine(HttpServerRequest request) {
    return request.remoteAddress() != null && isLoopback(request.remoteAddress().hostAddress())
        && request.getHeader("X-Forwarded-For") == null && request.getHeader("Forwarded") == null
        && request.getHeader("X-Real-IP") == null;
  }

  /** Whether {@code authorizationHeader} is {@code Bearer <expected>}, compared in constant time. */
  public static boolean bearerMatches(byte[] expected, String authorizationHeader) {
    if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return false;
    }
    byte[] given = authorizationHeader.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, given);
  }

  private static boolean isLoopback(String address) {
    return address != null && (address.startsWith("127.") || address.equals("::1") || address.equals("0:0:0:0:0:0:0:1"));
  }

  @Override
  public String toString() {
    return "OperatorAccess[token=" + (token == null ? "none" : "***") + "]";
  }
}
