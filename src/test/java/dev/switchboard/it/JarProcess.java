package dev.switchboard.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fat jar run as a separate JVM, as an operator runs it. */
public final class JarProcess implements AutoCloseable {

  static final Path JAR = Path.of(System.getProperty("switchboard.jar", "target/switchboard.jar"));

  private final Process process;
  private final List<String> stderr = new CopyOnWriteArrayList<>();
  private final StringBuilder stdout = new StringBuilder();
  private final CompletableFuture<String> ready = new CompletableFuture<>();
  private final Thread errReader;
  private final Thread outReader;

  private JarProcess(Process process) {
    this.process = process;
    this.errReader = pump(process.getErrorStream(), line -> {
      stderr.add(line);
      if (line.contains("Switchboard ready")) {
        ready.complete(line);
      }
    });
    this.outReader = pump(process.getInputStream(), line -> {
      synchronized (stdout) {
        stdout.append(line).append('\n');
      }
    });
  }

  public static JarProcess start(Map<String, String> env, String... args) throws IOException {
    return start(List.of("-Xmx256m"), env, args);
  }

  /** The jar started with these JVM flags (the benchmark passes the run command's). */
  public static JarProcess start(List<String> jvmFlags, Map<String, String> env, String... args) throws IOException {
    assertTrue(Files.exists(JAR), JAR + " is missing: run through `mvn verify` (package comes first)");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmFlags);
    command.addAll(List.of("-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(key -> key.endsWith("_API_KEY") || key.startsWith("SWITCHBOARD_"));
    builder.environment().putAll(env);
    return new JarProcess(builder.start());
  }

  /** Runs a one-shot command to its end. */
  public static JarProcess run(Map<String, String> env, String... args) throws Exception {
    return run(List.of("-Xmx256m"), env, args);
  }

  /** Runs a one-shot command to its end, with these JVM flags. */
  public static JarProcess run(List<String> jvmFlags, Map<String, String> env, String... args) throws Exception {
    JarProcess process = start(jvmFlags, env, args);
    assertTrue(process.process.waitFor(60, TimeUnit.SECONDS), "the command did not finish");
    process.errReader.join();
    process.outReader.join();
    return process;
  }

  /** Waits for the "ready" log line of {@code run}; fails with the log when the process dies first. */
  public String awaitReady() throws Exception {
    return awaitReady(30);
  }

  /** {@link #awaitReady()} with room for slower starts (several cluster nodes joining at once). */
  public String awaitReady(int seconds) throws Exception {
    process.onExit().thenRun(() -> ready.completeExceptionally(
        new IllegalStateException("exited with " + process.exitValue() + ":\n" + String.join("\n", stderr))));
    return ready.get(seconds, TimeUnit.SECONDS);
  }

  /** Waits until the bridge has logged a line holding {@code fragment}; fails with the log after 30 s. */
  public void awaitLog(String fragment) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (stderr.stream().noneMatch(line -> line.contains(fragment))) {
      assertTrue(System.nanoTime() < deadline, "no log line with \"" + fragment + "\" in:\n" + stderr());
      if (!process.isAlive()) {
        errReader.join(TimeUnit.SECONDS.toMillis(5));
        assertTrue(stderr.stream().anyMatch(line -> line.contains(fragment)), "exited with " + process.exitValue()
            + " before logging \"" + fragment + "\":\n" + stderr());
        return;
      }
      Thread.sleep(20);
    }
  }

  /** The bridge's process id, to read its memory from /proc. */
  public long pid() {
    return process.pid();
  }

  int exitCode() {
    return process.exitValue();
  }

  String stdout() {
    synchronized (stdout) {
      return stdout.toString();
    }
  }

  String stderr() {
    return String.join("\n", stderr);
  }

  /** The log lines (stderr) so far, in order; the benchmark reads its part of a run from them. */
  public List<String> logLines() {
    return List.copyOf(stderr);
  }

  /** SIGTERM, as a container runtime or systemd sends it; true when the JVM exited in time. */
  public boolean terminate() throws InterruptedException {
    signalTerm();
    // Room for the drain (gateway.drainSeconds, 20 s by default) and the close after it.
    return process.waitFor(45, TimeUnit.SECONDS);
  }

  /**
   * SIGTERM without waiting: the test watches the bridge drain, then {@link #awaitExit}. Sent through the
   * process handle: {@link Process#destroy()} sends the same signal but also closes our ends of the
   * bridge's pipes, so what it logs while stopping would be lost.
   */
  public void signalTerm() {
    process.toHandle().destroy();
  }

  /** Waits for the JVM to end; returns its exit code, fails when it did not end within {@code seconds}. */
  public int awaitExit(int seconds) throws InterruptedException {
    assertTrue(process.waitFor(seconds, TimeUnit.SECONDS), "the bridge did not exit within " + seconds + " s");
    errReader.join(TimeUnit.SECONDS.toMillis(5)); // the last lines it wrote, still in the pipe
    return process.exitValue();
  }

  /**
   * SIGKILL, as the OOM killer or {@code kill -9} would: no shutdown hook runs, nothing is flushed or
   * closed. ({@link Process#destroyForcibly()} sends SIGKILL on Linux and macOS.) Returns the exit code.
   */
  public int kill() throws InterruptedException {
    process.destroyForcibly();
    assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the bridge survived SIGKILL");
    return process.exitValue();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  private static Thread pump(java.io.InputStream stream, java.util.function.Consumer<String> lines) {
    Thread thread = new Thread(() -> {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          lines.accept(line);
        }
      } catch (IOException e) {
        // The process ended; what it printed so far is kept.
      }
    });
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
