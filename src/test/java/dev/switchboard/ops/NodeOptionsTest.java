package dev.switchboard.ops;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The Vert.x a bridge node runs on. */
class NodeOptionsTest {

  @Test
  void oneEventLoopPerCore() {
    assertEquals(Runtime.getRuntime().availableProcessors(), NodeOptions.vertxOptions().getEventLoopPoolSize());
  }

  @Test
  void onLinuxX86TheNativeTransportTheJarCarriesIsUsed() {
    assumeTrue(System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64"),
        "the jar carries Netty's epoll library for Linux x86_64 only; elsewhere NIO is used");
    Vertx vertx = Vertx.vertx(NodeOptions.vertxOptions());
    try {
      assertTrue(vertx.isNativeTransportEnabled(), () -> "native transport unavailable: " + vertx.unavailableNativeTransportCause());
    } finally {
      vertx.close().await();
    }
  }
}
