package dev.switchboard.store;

import java.util.List;

/**
 * A message to a person, ready for the outbox: the text already split in the platform's chunks, or one
 * template (WhatsApp), from the account that should send it.
 *
 * @param id             the send's id, kept in the outbox as the chunks' origin
 * @param idempotencyKey the caller's key, or null: a second send with the same key is not queued
 * @param chunks         the text's pieces, in order; empty for a template
 * @param template       the platform's template object as JSON text, or null for text
 */
public record OutboundMessage(String id, String idempotencyKey, String channel, String accountId, String chatId,
                              String threadId, List<String> chunks, String template) {

  public OutboundMessage {
    chunks = List.copyOf(chunks);
  }
}
