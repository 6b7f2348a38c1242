package dev.switchboard.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The parsed command line: {@code [command] [--config FILE] [--json] [args…]}.
 *
 * @param config  the {@code --config} value, or null
 * @param cluster {@code --cluster}: join the cluster whatever {@code cluster.enabled} says
 */
public record CommandLine(String command, String config, boolean json, List<String> arguments, boolean cluster) {

  public CommandLine(String command, String config, boolean json, List<String> arguments) {
    this(command, config, json, arguments, false);
  }

  public static final Set<String> COMMANDS = Set.of("run", "check", "doctor", "ask", "chat", "pairing", "help");

  public static final String USAGE = """
      usage: java -jar switchboard.jar [command] [--config FILE]
        run [--cluster]          start the bridge (default); --cluster joins the cluster (cluster.enabled)
        check                    validate the config, print the resolved chain
        doctor                   probe every provider and channel, say what is wrong
        ask [--json] TEXT        one turn through the chain, print the reply
        chat                     interactive chat through the chain
        pairing list [CHANNEL]   senders waiting for approval
        pairing approve CHANNEL CODE
      The config is --config FILE, else $SWITCHBOARD_CONFIG, else conf/switchboard.json5.""";

  /** Parses the arguments; throws IllegalArgumentException with a one-line reason when they are wrong. */
  public static CommandLine parse(String[] args) {
    String command = null;
    String config = null;
    boolean json = false;
    boolean cluster = false;
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--config") || arg.equals("-c")) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(arg + " needs a file");
        }
        config = args[++i];
      } else if (arg.startsWith("--config=")) {
        config = arg.substring("--config=".length());
      } else if (arg.equals("--json")) {
        json = true;
      } else if (arg.equals("--cluster") && (command == null || command.equals("run"))) {
        cluster = true;
      } else if (arg.equals("--help") || arg.equals("-h")) {
        command = "help";
      } else if (command == null && rest.isEmpty() && !arg.startsWith("-")) {
        if (!COMMANDS.contains(arg)) {
          throw new IllegalArgumentException("unknown command \"" + arg + "\"");
        }
        command = arg;
      } else if (arg.startsWith("--") && !"ask".equals(command)) {
        throw new IllegalArgumentException("unknown option " + arg);
      } else {
        rest.add(arg);
      }
    }
    return new CommandLine(command == null ? "run" : command, config, json, List.copyOf(rest), cluster);
  }
}
