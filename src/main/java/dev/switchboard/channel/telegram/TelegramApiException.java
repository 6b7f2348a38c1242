package dev.switchboard.channel.telegram;

import java.util.Locale;

/**
 * A Bot API call answered {@code {"ok":false,…}}, or with no Bot API body at all. Carries what
 * decides the next step: the error code, the description, and the {@code parameters}.
 *
 * @see <a href="https://core.telegram.org/bots/api#making-requests">Making requests</a>
 */
public final class TelegramApiException extends RuntimeException {

  private final int errorCode;
  private final String description;
  private final Long retryAfterSeconds;
  private final Long migrateToChatId;

  /**
   * @param retryAfterSeconds {@code parameters.retry_after}, or null
   * @param migrateToChatId   {@code parameters.migrate_to_chat_id}, or null
   */
  public TelegramApiException(String method, int errorCode, String description, Long retryAfterSeconds,
                              Long migrateToChatId) {
    super(method + " failed: " + errorCode + " " + description, null, false, false);
    this.errorCode = errorCode;
    this.description = description;
    this.retryAfterSeconds = retryAfterSeconds;
    this.migrateToChatId = migrateToChatId;
  }

  public int errorCode() {
    return errorCode;
  }

  public String description() {
    return description;
  }

  /** Seconds Telegram asks to wait after a 429 ({@code parameters.retry_after}), or null. */
  public Long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** The supergroup a group became ({@code parameters.migrate_to_chat_id}), or null. */
  public Long migrateToChatId() {
    return migrateToChatId;
  }

  /** The HTML (or Markdown) of the text was rejected; the same text can go as plain text. */
  public boolean cannotParseEntities() {
    return errorCode == 400 && description.toLowerCase(Locale.ROOT).contains("can't parse entities");
  }

  public boolean isRateLimited() {
    return errorCode == 429;
  }

  public boolean isServerError() {
    return errorCode >= 500;
  }
}
