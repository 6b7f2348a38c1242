package dev.switchboard.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM flags of the README's run command and the Dockerfile: the bridge is measured as it is run.
 * {@code -Dbench.extraFlags="-Xss256k"} adds flags to both the bridge and the bare proxy, to measure
 * what each one does; {@code -Dbench.bridgeFlags} to the bridge alone (a JFR recording, say).
 */
final class RunFlags {

  /** Made by {@link ClassArchive} next to the jar. */
  static final Path ARCHIVE = Path.of(System.getProperty("switchboard.jar", "target/switchboard.jar"))
      .resolveSibling("switchboard.jsa");
  static final List<String> RUN_COMMAND = List.of("-XX:SharedArchiveFile=" + ARCHIVE, "-XX:+UseSerialGC", "-Xmx128m");
  static final List<String> JVM = join(RUN_COMMAND, extra("bench.extraFlags"));
  static final List<String> BRIDGE = join(JVM, extra("bench.bridgeFlags"));

  private RunFlags() {
  }

  private static List<String> join(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return List.copyOf(all);
  }

  private static List<String> extra(String property) {
    String extra = System.getProperty(property, "").trim();
    return extra.isEmpty() ? List.of() : List.of(extra.split("\\s+"));
  }
}
