package dev.switchboard.cli;

/** The process's exit status, the same for every command. */
public final class ExitCodes {

  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_USAGE = 2;

  private ExitCodes() {
  }
}
