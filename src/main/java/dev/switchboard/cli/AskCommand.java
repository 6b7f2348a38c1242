package dev.switchboard.cli;

import dev.switchboard.bus.AskReply;
import dev.switchboard.bus.AskRequest;
import dev.switchboard.config.SwitchboardConfig;
import io.vertx.core.json.JsonObject;

import java.io.PrintStream;

/** {@code ask [--json] TEXT}: one stateless turn through the chain; the final text on stdout. */
public final class AskCommand {

  private AskCommand() {
  }

  public static int run(SwitchboardConfig config, CommandLine line, PrintStream out, PrintStream err) {
    String text = String.join(" ", line.arguments()).trim();
    if (text.isEmpty()) {
      err.println("switchboard: ask needs the text to send, e.g. ask \"Hello\"");
      return ExitCodes.EXIT_USAGE;
    }
    try (LocalRouter router = new LocalRouter(config)) {
      AskReply reply = router.ask(AskRequest.text(null, text));
      if (line.json()) {
        out.println(new JsonObject().put("text", reply.text()).put("model", reply.model())
            .put("fallbackFrom", reply.fallbackFrom()).encode());
      } else {
        out.println(reply.text());
      }
      return ExitCodes.EXIT_OK;
    } catch (RuntimeException e) {
      err.println("switchboard: no answer: " + oneLine(e.getMessage()));
      return ExitCodes.EXIT_FAILED;
    }
  }

  static String oneLine(String message) {
    return message == null ? "unknown error" : message.replaceAll("\\s+", " ").trim();
  }
}
