package dev.switchboard.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM flags of the README's run command and the Dockerfile: the bridge is measured as it is run.
 * {@code -Dbench.extraFlags="-XX:+UseSerialGC -Xss256k"} adds flags to both the bridge and the bare
 * proxy, to measure what each one does; {@code -Dbench.bridgeFlags} to the bridge alone (a JFR
 * recording, say).
 */
final class RunFlags {

  static final List<String> JVM = flags("bench.extraFlags");
  static final List<String> BRIDGE = concat(JVM, flags("bench.bridgeFlags"));

  private RunFlags() {
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second.subList(1, second.size()));
    return List.copyOf(all);
  }

  private static List<String> flags(String property) {
    List<String> flags = new ArrayList<>(List.of("-Xmx256m"));
    String extra = System.getProperty(property, "").trim();
    if (!extra.isEmpty()) {
      flags.addAll(List.of(extra.split("\\s+")));
    }
    return List.copyOf(flags);
  }
}
