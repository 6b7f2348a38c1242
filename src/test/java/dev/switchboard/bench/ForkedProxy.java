package dev.switchboard.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@link BareProxy} in a JVM of its own, started with the bridge's JVM flags. */
final class ForkedProxy implements AutoCloseable {

  private static final String READY = "bare proxy ready on ";

  private final Process process;
  private final int port;

  private ForkedProxy(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the proxy on the gateway port of {@code config} and waits until it listens. */
  static ForkedProxy start(List<String> jvmFlags, Path config) throws IOException {
    Process process = launch(jvmFlags, config);
    BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    for (String line = output.readLine(); line != null; line = output.readLine()) {
      if (line.startsWith(READY)) {
        drain(output);
        return new ForkedProxy(process, Integer.parseInt(line.substring(READY.length()).trim()));
      }
      System.err.println("bare proxy: " + line);
    }
    throw new IllegalStateException("the bare proxy exited with " + waitFor(process) + " before it listened");
  }

  private static Process launch(List<String> jvmFlags, Path config) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    // The archive of the jar's classes does not fit this class path.
    jvmFlags.stream().filter(flag -> !flag.startsWith("-XX:SharedArchiveFile")).forEach(command::add);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), BareProxy.class.getName(), config.toString()));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.destroy();
    waitFor(process);
  }

  private static int waitFor(Process process) {
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      return process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Keeps reading what the proxy prints (a failure's trace), so that a full pipe never blocks it. */
  private static void drain(BufferedReader output) {
    Thread thread = new Thread(() -> {
      try {
        for (String line = output.readLine(); line != null; line = output.readLine()) {
          System.err.println("bare proxy: " + line);
        }
      } catch (IOException e) {
        // The proxy ended.
      }
    }, "bare-proxy-output");
    thread.setDaemon(true);
    thread.start();
  }
}
