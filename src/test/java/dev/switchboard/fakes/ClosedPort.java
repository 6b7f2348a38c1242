package dev.switchboard.fakes;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A port on 127.0.0.1 where nothing listens, so that connecting is refused. It lies below the
 * kernel's ephemeral range: no server bound to port 0 can take it meanwhile, and no client's own
 * source port can equal it, which would connect the client to itself instead of being refused.
 */
public final class ClosedPort {

  private static final int LOWEST = 10_000;
  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

  private ClosedPort() {
  }

  public static int number() {
    // A range that starts low (some containers use 1024–65535) leaves nothing below it: then any port
    // from LOWEST up, bound and released here, is the best there is.
    int below = Math.max(firstEphemeral(), LOWEST + 1_000);
    for (int attempt = 0; attempt < 100; attempt++) {
      int candidate = ThreadLocalRandom.current().nextInt(LOWEST, below);
      try (ServerSocket probe = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
        return probe.getLocalPort();
      } catch (IOException taken) {
        // someone listens there: try another
      }
    }
    throw new IllegalStateException("no free port between " + LOWEST + " and " + below);
  }

  /** {@code http://127.0.0.1:<closed port>}. */
  public static String url() {
    return "http://127.0.0.1:" + number();
  }

  private static int firstEphemeral() {
    try {
      // Files.readString stops early on this /proc file (it trusts the size the file reports): read by lines.
      return Integer.parseInt(Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+")[0]);
    } catch (IOException | RuntimeException unreadable) {
      return 32_768; // Linux's default range starts there
    }
  }
}
