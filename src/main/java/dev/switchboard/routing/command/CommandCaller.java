package dev.switchboard.routing.command;

/**
 * Who typed a command: a person on a chat platform, or a program on the bus or the HTTP API (which
 * is authenticated by its own means, so it may do what an operator may).
 *
 * @param channel  the platform, or null for a program
 * @param senderId the person's id on that platform, or null for a program
 */
public record CommandCaller(String channel, String senderId) {

  public static final CommandCaller PROGRAM = new CommandCaller(null, null);

  public boolean isProgram() {
    return channel == null;
  }
}
