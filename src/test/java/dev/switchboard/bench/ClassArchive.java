package dev.switchboard.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes the class-data sharing archive that the run command uses ({@code -XX:SharedArchiveFile}),
 * during {@code mvn package}: a training start of the jar, with the store and the HTTP API on,
 * is stopped with SIGTERM after its first 200 from {@code /healthz}; the JVM writes every class it
 * loaded, already parsed and verified, into the archive as it exits. A later start maps them instead
 * of reading them from the jar.
 *
 * <p>{@code ClassArchive JAR ARCHIVE}. The archive fits only this jar and this JVM: a start with
 * another one ignores it (and starts as if it were absent).
 */
public final class ClassArchive {

  private static final Pattern READY = Pattern.compile("Switchboard ready .* on http://([^:]+):(\\d+)");

  private ClassArchive() {
  }

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]).toAbsolutePath();
    Path archive = Path.of(args[1]).toAbsolutePath();
    Path work = Files.createTempDirectory("switchboard-cds");
    Path config = work.resolve("training.json5");
    Files.writeString(config, """
        { gateway: { port: 0 },
          agents: { defaults: { model: "local/model" } },
          models: { mode: "replace", providers: { local: { baseUrl: "http://127.0.0.1:9/v1", api: "openai-responses",
            models: [{ id: "model", contextWindow: 32768, maxTokens: 1024 }] } } },
          channels: { http: { token: "training" } },
          session: { store: { path: "%s" } } }
        """.formatted(work.resolve("training.db")));
    Files.deleteIfExists(archive);
    Process training = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:ArchiveClassesAtExit=" + archive, "-jar", jar.toString(), "run", "--config", config.toString()))
        .redirectErrorStream(true).start();
    try (BufferedReader log = new BufferedReader(new InputStreamReader(training.getInputStream(), StandardCharsets.UTF_8))) {
      String healthz = awaitReady(log);
      HttpResponse<Void> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(healthz)).build(),
          HttpResponse.BodyHandlers.discarding());
      if (health.statusCode() != 200) {
        throw new IllegalStateException(healthz + " answered " + health.statusCode());
      }
      training.toHandle().destroy(); // SIGTERM; Process.destroy() would also close the log pipe
      // Read to the end, so that the exiting JVM never blocks on a full pipe.
      log.transferTo(Writer.nullWriter());
    }
    if (!training.waitFor(60, TimeUnit.SECONDS) || !Files.exists(archive)) {
      training.destroyForcibly();
      throw new IllegalStateException("the training run wrote no class archive");
    }
    System.out.println("class archive: " + archive + " (" + Files.size(archive) / (1024 * 1024) + " MB)");
  }

  /** Reads the training run's log up to its ready line; returns the URL of its /healthz. */
  private static String awaitReady(BufferedReader log) throws IOException {
    for (String line = log.readLine(); line != null; line = log.readLine()) {
      Matcher ready = READY.matcher(line);
      if (ready.find()) {
        return "http://" + ready.group(1) + ":" + ready.group(2) + "/healthz";
      }
    }
    throw new IllegalStateException("the training run ended before it was ready");
  }
}
