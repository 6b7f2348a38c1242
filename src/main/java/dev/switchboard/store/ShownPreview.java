package dev.switchboard.store;

/**
 * The platform message that shows a reply while it is written (DESIGN.md §15), kept until the final
 * reply lands in it, so that a bridge restarted in between finishes that message rather than
 * posting a second one.
 *
 * @param channel   the channel that showed it ({@code slack})
 * @param inboundId the message the reply answers
 * @param chatId    where the preview is (a Slack channel id)
 * @param messageId the platform's id of the preview (a Slack {@code ts})
 * @param streamed  true for a native stream ({@code chat.startStream}), false for a posted message
 */
public record ShownPreview(String channel, String inboundId, String chatId, String messageId, boolean streamed) {
}
