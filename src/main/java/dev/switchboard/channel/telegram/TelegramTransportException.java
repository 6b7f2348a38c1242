package dev.switchboard.channel.telegram;

/**
 * A Bot API call that got no answer: refused, reset, timed out. The message never holds the URL
 * (it contains the bot token), and {@link #neverConnected()} tells whether the request could have
 * reached Telegram.
 */
public final class TelegramTransportException extends RuntimeException {

  private final boolean neverConnected;

  public TelegramTransportException(String message, boolean neverConnected) {
    super(message, null, false, false);
    this.neverConnected = neverConnected;
  }

  /** No connection was made, so nothing was sent and a retry cannot duplicate a message. */
  public boolean neverConnected() {
    return neverConnected;
  }
}
