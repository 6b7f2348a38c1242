package dev.switchboard.routing;

import dev.switchboard.bus.AskFailure;

/**
 * What a chat user reads when no model could answer: one short plain sentence, never the failure's
 * details (those go to the log and to {@code /status}).
 */
public final class Apology {

  public static final String UNAVAILABLE = "Sorry, I can't answer right now. Please try again in a few minutes.";
  public static final String INVALID_REQUEST = "Sorry, I couldn't process that message. Could you rephrase it?";
  public static final String COMMAND_FAILED = "Sorry, I couldn't do that just now. Please try again.";
  public static final String TOO_LONG = "Sorry, that message is too long for me. Could you send a shorter one?";

  private Apology() {
  }

  public static String forFailure(AskFailure failure) {
    return switch (failure) {
      case INVALID_REQUEST -> INVALID_REQUEST;
      case CONTEXT_OVERFLOW -> TOO_LONG;
      default -> UNAVAILABLE;
    };
  }
}
