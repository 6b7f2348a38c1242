package dev.switchboard.store;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests: Debian's binaries ({@code /usr/lib/postgresql/<version>/bin}),
 * a cluster made by {@code initdb} in a temporary directory, listening on a free TCP port of 127.0.0.1
 * (chosen by binding and closing, tried again if taken meanwhile), {@code fsync=off}. PostgreSQL refuses
 * to run as root, so as root it runs as the {@code postgres} user through {@code runuser}.
 *
 * <p>{@link #shared()} is one server for the whole test JVM, stopped when it exits; {@link #start()} a
 * private one (for tests that stop and restart it). Each test gets its own schema ({@link #freshUrl()})
 * or database ({@link #freshDatabaseUrl()}), so tests never see each other's rows. Without the binaries,
 * tests that need a server are skipped, saying why.
 */
public final class PostgresServer implements AutoCloseable {

  public static final String USER = "postgres";
  private static final Path DEBIAN_BINARIES = Path.of("/usr/lib/postgresql");
  private static final int START_ATTEMPTS = 5;
  private static final AtomicInteger NAMES = new AtomicInteger();
  private static PostgresServer shared;

  private final Path bin;
  private final Path dir;
  private final boolean asRoot;
  private final boolean durable;
  private int port;

  private PostgresServer(Path bin, Path dir, boolean asRoot, boolean durable) {
    this.bin = bin;
    this.dir = dir;
    this.asRoot = asRoot;
    this.durable = durable;
  }

  /** The JVM's one server, started on first use; skips the calling test when PostgreSQL is not installed. */
  public static synchronized PostgresServer shared() {
    if (shared == null) {
      shared = start();
      PostgresServer server = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "postgres-stop"));
    }
    return shared;
  }

  /** A server of the caller's own; close it. Skips the calling test when PostgreSQL is not installed. */
  public static PostgresServer start() {
    return start(false);
  }

  /**
   * A server of the caller's own; {@code durable} keeps PostgreSQL's defaults ({@code fsync},
   * {@code synchronous_commit}) for figures that must hold in production, else they are off for speed.
   */
  public static PostgresServer start(boolean durable) {
    Optional<Path> bin = binaries();
    Assumptions.assumeTrue(bin.isPresent(), "PostgreSQL server binaries not found in " + DEBIAN_BINARIES
        + "/*/bin (Debian: apt-get install postgresql); PostgreSQL tests skipped");
    try {
      boolean asRoot = "root".equals(System.getProperty("user.name"));
      Path dir = Files.createTempDirectory("switchboard-pg");
      if (asRoot) {
        UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER);
        Files.setOwner(dir, postgres);
      }
      PostgresServer server = new PostgresServer(bin.get(), dir, asRoot, durable);
      server.run(List.of(bin.get().resolve("initdb").toString(), "-D", server.data(), "-A", "trust", "-U", USER,
          "-E", "UTF8", "--no-sync"));
      server.startOnFreePort();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start PostgreSQL: " + e, e);
    }
  }

  private static Optional<Path> binaries() {
    if (!Files.isDirectory(DEBIAN_BINARIES)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(DEBIAN_BINARIES)) {
      return versions.map(version -> version.resolve("bin"))
          .filter(candidate -> Files.isExecutable(candidate.resolve("initdb")))
          .max(Comparator.comparing(candidate -> candidate.getParent().getFileName().toString()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  public int port() {
    return port;
  }

  /** The postmaster's process id (the first line of {@code postmaster.pid}); its backends are its children. */
  public long pid() {
    try {
      return Long.parseLong(Files.readAllLines(Path.of(data(), "postmaster.pid")).get(0).trim());
    } catch (IOException e) {
      throw new IllegalStateException("PostgreSQL is not running: " + e, e);
    }
  }

  /** {@code session.store.url} of a new, empty schema of this server. */
  public String freshUrl() {
    String schema = "t" + NAMES.incrementAndGet();
    admin("CREATE SCHEMA " + schema);
    return "postgresql://" + USER + "@127.0.0.1:" + port + "/postgres?currentSchema=" + schema;
  }

  /** {@code session.store.url} of a new, empty database of this server. */
  public String freshDatabaseUrl() {
    String database = "db" + NAMES.incrementAndGet();
    admin("CREATE DATABASE " + database);
    return "postgresql://" + USER + "@127.0.0.1:" + port + "/" + database;
  }

  /** Runs one statement as the superuser in database {@code postgres}. */
  public void admin(String sql) {
    try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, "");
         Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** Stops the server at once (as a crash would), keeping its data for {@link #restart()}. */
  public void stop() {
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", data(), "-m", "immediate", "-w", "stop"));
  }

  /** Starts the stopped server again, on the same port and with the same data. */
  public void restart() {
    if (!startOn(port)) {
      throw new IllegalStateException("PostgreSQL did not start again on port " + port + ": " + log());
    }
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (RuntimeException alreadyStopped) {
      // Stopped by the test, or never started.
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException leftBehind) {
      // A temporary directory; the OS cleans it eventually.
    }
  }

  private void startOnFreePort() throws IOException {
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      int candidate;
      try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        candidate = probe.getLocalPort();
      }
      if (startOn(candidate)) {
        port = candidate;
        return;
      }
    }
    throw new IllegalStateException("PostgreSQL did not start in " + START_ATTEMPTS + " attempts: " + log());
  }

  /** False when the server did not start (the port was taken meanwhile, say). */
  private boolean startOn(int candidate) {
    List<String> command = List.of(bin.resolve("pg_ctl").toString(), "-D", data(), "-l", dir.resolve("log").toString(),
        "-w", "-t", "60", "-o", "-c listen_addresses=127.0.0.1 -p " + candidate + " -k " + dir
            + (durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"), "start");
    try {
      run(command);
      return true;
    } catch (IllegalStateException failed) {
      return false;
    }
  }

  private String data() {
    return dir.resolve("data").toString();
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private void run(List<String> command) {
    List<String> full = new ArrayList<>();
    if (asRoot) {
      full.addAll(List.of("runuser", "-u", USER, "--"));
    }
    full.addAll(command);
    try {
      Process process = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", command) + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
    }
  }
}
