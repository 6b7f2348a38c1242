package dev.switchboard.bench;

import dev.switchboard.it.FreePort;
import dev.switchboard.it.JarProcess;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Start to ready as an operator sees it: from launching {@code java -jar} (with the run command's
 * flags) to the first 200 from {@code /healthz}, over several fresh starts; and the resident memory
 * of each start once it has been up for {@link #IDLE_AFTER_MS}, with no traffic. Each start is
 * followed by the floor of any start on this machine at that moment: the same JVM running {@code help}.
 */
final class StartupTimes {

  static final int STARTS = 10;
  static final long IDLE_AFTER_MS = 3_000;
  /** How often /healthz is tried: well below the figure measured, well above a connect's cost. */
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  private StartupTimes() {
  }

  static List<String> measure(Path dir) throws Exception {
    Spread readyMs = new Spread();
    Spread idleRssMb = new Spread();
    Spread floorMs = new Spread();
    Spread ratio = new Spread();
    for (int i = 0; i < STARTS; i++) {
      int port = FreePort.any();
      Path config = Benchmark.writeConfig(dir, port, "http://127.0.0.1:1/v1", "http://127.0.0.1:1/v1");
      long launched = System.nanoTime();
      try (JarProcess jar = JarProcess.start(RunFlags.BRIDGE, Map.of(), "run", "--config", config.toString())) {
        readyMs.add(readyAndIdle(port, launched, jar.pid(), idleRssMb));
        jar.terminate();
      }
      // The floor in the same round: the same JVM, jar, flags and archive, printing its usage and exiting.
      launched = System.nanoTime();
      JarProcess.run(RunFlags.BRIDGE, Map.of(), "help");
      floorMs.add((System.nanoTime() - launched) / 1e6);
      ratio.add(readyMs.get(i) / floorMs.get(i));
    }
    return List.of(
        Benchmark.row("start to ready: `java -jar` launched → first 200 from /healthz (median of " + STARTS
            + " starts, range)", readyMs.format(StartupTimes::millis), "≤ 500 ms"),
        Benchmark.row("  ÷ the same JVM and jar running `help` to its exit, in the same rounds",
            ratio.format(v -> String.format("%.2f×", v)) + "; `help`: " + floorMs.format(StartupTimes::millis), ""),
        Benchmark.row("resident memory, idle " + IDLE_AFTER_MS / 1000 + " s after start (median, range)",
            idleRssMb.format(StartupTimes::megabytes), "≤ 100 MB"));
  }

  /** Waits for the first 200, then for the idle age; returns the milliseconds to ready, adds the RSS. */
  private static double readyAndIdle(int port, long launched, long pid, Spread idleRssMb) {
    awaitHealthy(port, launched);
    double ready = (System.nanoTime() - launched) / 1e6;
    // The idle figure is defined at a fixed age of the process, so this waits for that age.
    LockSupport.parkNanos(launched + TimeUnit.MILLISECONDS.toNanos(IDLE_AFTER_MS) - System.nanoTime());
    idleRssMb.add(ProcessStats.rssMb(pid));
    return ready;
  }

  private static String millis(double value) {
    return String.format("%,.0f ms", value);
  }

  private static String megabytes(double value) {
    return String.format("%.0f MB", value);
  }

  private static void awaitHealthy(int port, long launched) {
    while (!healthy(port)) {
      if (System.nanoTime() - launched > TimeUnit.SECONDS.toNanos(30)) {
        throw new IllegalStateException("no 200 from /healthz within 30 s");
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  /** One {@code GET /healthz} on a new connection: true on a 200. */
  private static boolean healthy(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] statusLine = in.readNBytes("HTTP/1.1 200".length());
      return new String(statusLine, StandardCharsets.US_ASCII).equals("HTTP/1.1 200");
    } catch (IOException e) {
      return false;
    }
  }
}
