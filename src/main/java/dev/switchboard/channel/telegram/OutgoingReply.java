package dev.switchboard.channel.telegram;

import java.util.List;

/**
 * A reply ready for Telegram: its chunks in order, each under the length limit.
 *
 * @param inboundId        the message answered, for the delivery report
 * @param threadId         forum topic, or null
 * @param replyToMessageId the message the first chunk quotes, or null
 */
public record OutgoingReply(String inboundId, long chatId, Long threadId, Long replyToMessageId,
                            List<Chunk> chunks) {

  public OutgoingReply {
    chunks = List.copyOf(chunks);
  }

  /**
   * One message's worth of text.
   *
   * @param html  what is sent, with {@code parse_mode: HTML}
   * @param plain what is sent instead when Telegram cannot parse {@code html} (the Markdown source)
   */
  public record Chunk(String html, String plain) {
  }
}
