package dev.switchboard.cli;

import dev.switchboard.channel.pairing.PairingCommand;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.store.Store;
import dev.switchboard.store.Stores;
import io.vertx.core.Vertx;

import java.io.PrintStream;
import java.time.Clock;
import java.util.List;

/**
 * {@code pairing list [CHANNEL]} and {@code pairing approve CHANNEL CODE}, on the bridge's store,
 * whether or not the bridge is running (see {@link Stores#openBesideBridge}).
 */
public final class PairingCli {

  private PairingCli() {
  }

  public static int run(SwitchboardConfig config, CommandLine line, PrintStream out, PrintStream err) {
    List<String> args = line.arguments();
    boolean list = !args.isEmpty() && args.get(0).equals("list") && args.size() <= 2;
    boolean approve = args.size() == 3 && args.get(0).equals("approve");
    if (!list && !approve) {
      err.println("switchboard: usage: pairing list [CHANNEL] | pairing approve CHANNEL CODE");
      return ExitCodes.EXIT_USAGE;
    }
    Vertx vertx = Vertx.vertx();
    Store store = null;
    try {
      store = Stores.openBesideBridge(vertx, config.session(), Clock.systemUTC()).await();
      PairingCommand command = new PairingCommand(store.pairing(), Clock.systemUTC());
      String text = list ? command.list(args.size() == 2 ? args.get(1) : null).await()
          : command.approve(args.get(1), args.get(2)).await();
      out.println(text);
      return ExitCodes.EXIT_OK;
    } catch (RuntimeException e) {
      err.println("switchboard: " + AskCommand.oneLine(e.getMessage()));
      return ExitCodes.EXIT_FAILED;
    } finally {
      if (store != null) {
        store.close().await();
      }
      vertx.close().await();
    }
  }
}
