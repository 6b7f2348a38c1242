package dev.switchboard.model;

/**
 * One server-sent event.
 *
 * @param name the {@code event:} field, or null when the event had none
 * @param data the {@code data:} lines joined with {@code \n}
 */
public record SseEvent(String name, String data) {
}
