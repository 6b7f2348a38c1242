package dev.switchboard.it;

import dev.switchboard.config.GatewayConfig;
import dev.switchboard.store.PostgresServer;
import io.vertx.core.json.JsonArray;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Node JVMs of one cluster on one PostgreSQL, each with the WhatsApp channel and one model: their config
 * files, their start, and which of them holds a turn. Shared by {@code NodeLossIT} and the cluster benchmark.
 */
public record ClusterNodes(Path dir, String clusterName, int leaseSeconds, String storeUrl, String modelBaseUrl,
                           String graphApiBaseUrl, String appSecret) {

  private static final Pattern READY = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+) .* node (\\S+) on member port (\\d+)");

  /** A started node: its process, its webhook port, its cluster identity and the file it runs on. */
  public record Node(JarProcess process, int httpPort, String nodeId, int memberPort, Path config) {

    public String memberAddress() {
      return "127.0.0.1:" + memberPort;
    }
  }

  /** A new config file joining {@code members} (host:port; empty for the first node). */
  public Path config(List<String> members) throws Exception {
    return config(members, leaseSeconds, GatewayConfig.DEFAULT_DRAIN_SECONDS);
  }

  /** As {@link #config(List)}, with this node's own lease and drain time. */
  public Path config(List<String> members, int lease, int drainSeconds) throws Exception {
    Path file = Files.createTempFile(dir, "node-", ".json5");
    Files.writeString(file, """
        { gateway: { port: 0, instances: 1, drainSeconds: %d },
          agents: { defaults: { model: { primary: "local/fake-model" }, timeoutSeconds: 60 } },
          models: { mode: "replace", providers: { local: { baseUrl: "%s", apiKey: "k", api: "openai-responses",
            firstTokenTimeoutMs: 60000, models: [{ id: "fake-model", contextWindow: 32768, maxTokens: 1024 }] } } },
          channels: { whatsapp: { accessToken: "wa-token", appSecret: "%s", verifyToken: "v",
                                  apiBaseUrl: "%s", dmPolicy: "open" } },
          messages: { rateLimit: { perSenderPerMinute: 100000 } },
          cluster: { enabled: true, name: "%s", port: 0, members: %s, leaseSeconds: %d },
          session: { store: { url: "%s" } } }
        """.formatted(drainSeconds, modelBaseUrl, appSecret, graphApiBaseUrl, clusterName,
        new JsonArray(members).encode(), lease, storeUrl));
    return file;
  }

  /** Launches a node JVM on {@code config}; {@link #ready} waits for it. */
  public static JarProcess launch(Path config) throws Exception {
    return JarProcess.start(Map.of(), "run", "--config", config.toString());
  }

  /** Waits for a launched node's ready line (joining members on a busy machine can take a while). */
  public static Node ready(JarProcess process, Path config, int seconds) throws Exception {
    String line = process.awaitReady(seconds);
    Matcher ready = READY.matcher(line);
    assertTrue(ready.find(), line);
    return new Node(process, Integer.parseInt(ready.group(1)), ready.group(2), Integer.parseInt(ready.group(3)),
        config);
  }

  /** The node holding the message's claim, from the store; null when none does. */
  public String owner(String inboundId) throws Exception {
    String jdbc = "jdbc:" + storeUrl.replace("postgresql://postgres@", "postgresql://");
    try (Connection connection = DriverManager.getConnection(jdbc, PostgresServer.USER, "");
         PreparedStatement select = connection.prepareStatement("SELECT owner FROM inbox WHERE id = ?")) {
      select.setString(1, inboundId);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? row.getString(1) : null;
      }
    }
  }
}
