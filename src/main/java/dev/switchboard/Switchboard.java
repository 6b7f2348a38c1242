package dev.switchboard;

import dev.switchboard.app.ChannelDeployment;
import dev.switchboard.cli.AskCommand;
import dev.switchboard.cli.ChatCommand;
import dev.switchboard.cli.CheckCommand;
import dev.switchboard.cli.CommandLine;
import dev.switchboard.cli.ConsoleEncoding;
import dev.switchboard.cli.DoctorCommand;
import dev.switchboard.cli.EarlyStart;
import dev.switchboard.cli.ExitCodes;
import dev.switchboard.cli.PairingCli;
import dev.switchboard.cli.RunCommand;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.ops.logging.LogLineProvider;

import java.nio.file.Path;
import java.util.Map;

/**
 * The command line: {@code run} (default), {@code check}, {@code doctor}, {@code ask}, {@code chat},
 * {@code pairing}. Exit codes ({@link ExitCodes}): 0 success, 1 the operation failed (no answer, primary broken), 2 the
 * command line or the configuration is wrong.
 */
public final class Switchboard {

  private Switchboard() {
  }

  public static void main(String[] args) {
    ConsoleEncoding.utf8WhereAsciiOnly();
    // SLF4J takes the bridge's binding as named instead of searching the class path for one (~20 ms),
    // and says so only when something is wrong.
    System.setProperty("slf4j.provider", LogLineProvider.class.getName());
    System.setProperty("slf4j.internal.verbosity", "WARN");
    CommandLine line;
    try {
      line = CommandLine.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("switchboard: " + e.getMessage());
      System.err.println(CommandLine.USAGE);
      System.exit(ExitCodes.EXIT_USAGE);
      return;
    }
    if (line.command().equals("help")) {
      System.out.println(CommandLine.USAGE);
      return;
    }
    EarlyStart early = null;
    if (line.command().equals("run")) {
      early = RunCommand.prepare();
    } else {
      // One-shot commands print their result on stdout and a one-line reason on stderr; logs would repeat it.
      System.setProperty("switchboard.log.level", "error");
    }
    Map<String, String> env = System.getenv();
    Path configFile = ConfigLoader.locate(line.config(), env);
    SwitchboardConfig config;
    try {
      config = ConfigLoader.load(configFile, env);
      if (line.cluster()) {
        config = config.clustered();
      }
      // Channel sections are read by their channels; reading them now makes every mistake a start-up error.
      ChannelDeployment.inspect(config);
    } catch (ConfigException e) {
      System.err.println("switchboard: configuration error: " + e.getMessage());
      System.exit(ExitCodes.EXIT_USAGE);
      return;
    }
    int exit = switch (line.command()) {
      case "check" -> CheckCommand.run(configFile, config, System.out);
      case "doctor" -> DoctorCommand.run(config, System.out);
      case "ask" -> AskCommand.run(config, line, System.out, System.err);
      case "chat" -> ChatCommand.run(config, System.in, System.out, System.err);
      case "pairing" -> PairingCli.run(config, line, System.out, System.err);
      default -> RunCommand.run(configFile, config, early);
    };
    if (exit != RunCommand.KEEP_RUNNING) {
      System.exit(exit);
    }
  }
}
