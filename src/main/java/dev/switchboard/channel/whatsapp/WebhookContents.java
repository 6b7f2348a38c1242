package dev.switchboard.channel.whatsapp;

import java.util.List;

/**
 * Everything one webhook POST carried (Meta batches several entries, changes and messages).
 *
 * @param messages         user messages, in the order they appeared
 * @param deliveryFailures {@code failed} statuses of messages the bridge sent
 * @param ignored          items deliberately dropped: other statuses, reactions, system notices, other fields
 * @param malformed        items lacking what every message must have (id, sender, timestamp, receiving number)
 */
public record WebhookContents(List<ReceivedMessage> messages, List<DeliveryFailure> deliveryFailures, int ignored,
                              int malformed) {

  public WebhookContents {
    messages = List.copyOf(messages);
    deliveryFailures = List.copyOf(deliveryFailures);
  }
}
