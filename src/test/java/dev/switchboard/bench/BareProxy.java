package dev.switchboard.bench;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.ops.NodeOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * The limit the bridge is measured against: a reverse proxy on Vert.x that forwards each
 * {@code POST /v1/responses} body, byte for byte, to the primary model of the same configuration
 * file the bridge reads, and copies the answer back. It parses nothing, keeps no session and writes
 * nothing: what is left of a turn is what any Vert.x program pays to relay it.
 *
 * <p>Its Vert.x starts from the bridge's options (event loops, transport), its model client is built
 * like the bridge's (connect timeout, keep-alive, pool size from the provider's settings), and it runs
 * in its own JVM with the bridge's JVM flags, so that the two
 * processes' CPU time can be compared. Prints {@code bare proxy ready on PORT} once it listens.
 */
public final class BareProxy {

  private BareProxy() {
  }

  /** {@code BareProxy CONFIG_FILE}: listens on the config's gateway port (0: any free one). */
  public static void main(String[] args) {
    SwitchboardConfig config = ConfigLoader.load(Path.of(args[0]), Map.of());
    ProviderConfig provider = config.models().chain().get(0).provider();
    URI model = URI.create(provider.baseUrl());
    Vertx vertx = Vertx.vertx(NodeOptions.vertxOptions());
    HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions()
            .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, provider.connectTimeoutMs()))
            .setKeepAlive(true)
            .setName("model-" + provider.id()),
        new PoolOptions().setHttp1MaxSize(provider.maxConnections()));
    RequestOptions upstream = new RequestOptions().setMethod(HttpMethod.POST).setHost(model.getHost())
        .setPort(model.getPort()).setURI(model.getRawPath() + "/responses")
        .putHeader("Content-Type", "application/json");
    vertx.createHttpServer()
        .requestHandler(request -> forward(client, upstream, request))
        .listen(config.gateway().port(), config.gateway().bind())
        .onSuccess(server -> System.out.println("bare proxy ready on " + server.actualPort()))
        .onFailure(failure -> {
          failure.printStackTrace();
          System.exit(1);
        });
  }

  private static void forward(HttpClientAgent client, RequestOptions upstream, HttpServerRequest request) {
    request.body()
        .compose(body -> client.request(upstream).compose(outbound -> outbound.send(body)))
        .compose(answer -> answer.body().compose(bytes -> request.response().setStatusCode(answer.statusCode())
            .putHeader("Content-Type", "application/json").end(bytes)))
        .onFailure(failure -> request.response().setStatusCode(502).end());
  }
}
