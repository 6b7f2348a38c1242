package dev.switchboard.channel.whatsapp;

import dev.switchboard.bus.InboundMessage;

/**
 * One user message found in a webhook.
 *
 * @param message  the message as the router would see it; its text is empty when it is not {@code readable}
 * @param type     WhatsApp's message type ({@code text}, {@code interactive}, {@code image}…)
 * @param readable true when the message carries text the model can answer (text, a tapped button or list row,
 *                 a location) or a file the router reads (an image, a voice note, a document, or a video it declines)
 */
public record ReceivedMessage(InboundMessage message, String type, boolean readable) {
}
