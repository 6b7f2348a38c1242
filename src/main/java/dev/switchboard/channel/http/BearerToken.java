package dev.switchboard.channel.http;

import dev.switchboard.ops.OperatorAccess;

import java.nio.charset.StandardCharsets;

/** Checks an {@code Authorization: Bearer …} header in constant time. */
final class BearerToken {

  private final byte[] expected;

  BearerToken(String token) {
    this.expected = token.getBytes(StandardCharsets.UTF_8);
  }

  boolean accepts(String authorizationHeader) {
    return OperatorAccess.bearerMatches(expected, authorizationHeader);
  }

  @Override
  public String toString() {
    return "BearerToken[***]";
  }
}
