package dev.switchboard.cli;

import dev.switchboard.app.ChannelDeployment;
import dev.switchboard.config.ResolvedModel;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.model.ModelClients;
import dev.switchboard.ops.ModelProbe;
import dev.switchboard.store.Store;
import dev.switchboard.store.Stores;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;

import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code doctor}: probes the store, every model of the chain and every configured channel, and says
 * what is wrong. Exits 0 only when the store and the primary model answer.
 */
public final class DoctorCommand {

  private DoctorCommand() {
  }

  public static int run(SwitchboardConfig config, PrintStream out) {
    Vertx vertx = Vertx.vertx();
    WebClient web = WebClient.create(vertx);
    try {
      // Probes run on a Vert.x context: the model clients must be created and used there.
      Promise<List<ModelProbe.Result>> probed = Promise.promise();
      vertx.getOrCreateContext().runOnContext(v -> probeAll(vertx, web, config).onComplete(probed));
      List<ModelProbe.Result> results = probed.future().await();
      boolean primaryWorks = false;
      for (ModelProbe.Result result : results) {
        boolean primary = result.model().ref().equals(config.agent().primary());
        out.println((primary ? "primary  " : "fallback ") + result.model().ref() + "  ["
            + result.model().provider().baseUrl() + "]");
        result.lines().forEach(line -> out.println("  " + line));
        primaryWorks |= primary && result.works();
      }
      for (String line : ChannelDeployment.probe(vertx, config).await()) {
        out.println(line);
      }
      boolean storeWorks = probeStore(vertx, config, out);
      out.println(primaryWorks ? "primary model works" : "PRIMARY MODEL DOES NOT WORK: see above");
      return primaryWorks && storeWorks ? ExitCodes.EXIT_OK : ExitCodes.EXIT_FAILED;
    } finally {
      vertx.close().await();
    }
  }

  /** Opens the store beside a bridge that may be running and runs one statement; prints one line. */
  private static boolean probeStore(Vertx vertx, SwitchboardConfig config, PrintStream out) {
    String kind = config.session().storeKind();
    try {
      Store store = Stores.openBesideBridge(vertx, config.session(), Clock.systemUTC()).await();
      try {
        store.ping().await();
        out.println("store " + kind + " " + store.location() + ": ok");
        return true;
      } finally {
        store.close().await();
      }
    } catch (RuntimeException e) {
      out.println("store " + kind + ": DOES NOT WORK: " + AskCommand.oneLine(e.getMessage()));
      return false;
    }
  }

  private static Future<List<ModelProbe.Result>> probeAll(Vertx vertx, WebClient web, SwitchboardConfig config) {
    ModelProbe probe = new ModelProbe(web, new ModelClients(vertx));
    List<Future<ModelProbe.Result>> probes = new ArrayList<>();
    for (ResolvedModel model : config.models().chain()) {
      probes.add(probe.probe(model));
    }
    return Future.all(probes).map(all -> all.<ModelProbe.Result>list());
  }
}
