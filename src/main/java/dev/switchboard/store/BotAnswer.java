package dev.switchboard.store;

import dev.switchboard.bus.ChatMessage;

import java.util.List;

/**
 * The bot answered a turn's messages from the mode the turn read, before it called the model: the
 * bot's, at {@code seenVersion}. The answer holds unless a person took the session while the model
 * worked, that is unless the version moved and the mode is now human: then the messages are the
 * person's, kept for them as a turn that had read human mode keeps them ({@code said} joins the
 * history, they are answered), and the bot's answer is never written, so never sent (DESIGN.md §14).
 * A version that moved with the bot still in charge (an operator only wrote, or took the session and
 * gave it back) changes nothing.
 *
 * @param seenVersion {@link HandoverState#version} of the mode the turn read, or {@link HandoverModes#UNSET}
 *                    when none was stored
 * @param said        the turn's messages as the history keeps them for a person
 */
public record BotAnswer(long seenVersion, List<ChatMessage> said) implements HandoverDecision {

  public BotAnswer {
    said = List.copyOf(said);
  }
}
