package dev.switchboard.channel.delivery;

import java.util.OptionalLong;

/**
 * What a platform's answer to a failed send allows, as each client classifies it for the {@link RetryLoop}:
 * try again after the platform's own wait, try again after the policy's backoff, or not at all.
 *
 * @param retryable    whether sending again can neither duplicate the message nor be refused for the same reason
 * @param retryAfterMs the wait the platform asked for, in milliseconds, when it named one
 */
public record Retryability(boolean retryable, OptionalLong retryAfterMs) {

  /** Refused for good, or possibly delivered already: sending again could post twice. */
  public static final Retryability PERMANENT = new Retryability(false, OptionalLong.empty());
  /** A passing failure (a 5xx, a connection never opened): again after the policy's backoff. */
  public static final Retryability RETRYABLE = new Retryability(true, OptionalLong.empty());

  /** Throttled with the wait the platform asked for. */
  public static Retryability after(long retryAfterMs) {
    return new Retryability(true, OptionalLong.of(retryAfterMs));
  }
}
