package dev.switchboard.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** A port for a bridge started in another JVM: its config must name it, since port 0 cannot be read back from outside. */
public final class FreePort {

  private FreePort() {
  }

  public static int any() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }
}
