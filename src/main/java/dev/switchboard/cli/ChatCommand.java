package dev.switchboard.cli;

import dev.switchboard.bus.AskReply;
import dev.switchboard.bus.AskRequest;
import dev.switchboard.config.SwitchboardConfig;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** {@code chat}: a terminal conversation through the chain, with history, until EOF or {@code /exit}. */
public final class ChatCommand {

  private static final String SESSION = "cli:chat";

  private ChatCommand() {
  }

  public static int run(SwitchboardConfig config, InputStream in, PrintStream out, PrintStream err) {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    out.println("Chatting with " + config.agent().primary() + " (fallbacks: " + config.agent().fallbacks()
        + "). /exit to quit.");
    try (LocalRouter router = new LocalRouter(config)) {
      for (String line = prompt(reader, out); line != null; line = prompt(reader, out)) {
        String text = line.trim();
        if (text.equals("/exit") || text.equals("/quit")) {
          break;
        }
        if (text.isEmpty()) {
          continue;
        }
        try {
          AskReply reply = router.ask(AskRequest.text(SESSION, text));
          out.println(reply.text());
          if (reply.fallbackFrom() != null) {
            out.println("  (answered by " + reply.model() + ": " + reply.fallbackFrom() + " failed)");
          }
        } catch (RuntimeException e) {
          err.println("(no answer: " + AskCommand.oneLine(e.getMessage()) + ")");
        }
      }
      return ExitCodes.EXIT_OK;
    } catch (IOException e) {
      err.println("switchboard: cannot read the terminal: " + e.getMessage());
      return ExitCodes.EXIT_FAILED;
    }
  }

  private static String prompt(BufferedReader reader, PrintStream out) throws IOException {
    out.print("> ");
    out.flush();
    return reader.readLine();
  }
}
