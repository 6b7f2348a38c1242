package dev.switchboard.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The CPU time that each process of a run used over a stretch of load, per message, and how many of
 * the machine's cores they kept busy together: whether the machine, not one process, was the limit.
 */
final class CpuShares {

  private final Map<String, LongSupplier> cpuNanosOf = new LinkedHashMap<>();
  private final List<Long> before = new ArrayList<>();
  private long startedNanos;

  /** Adds a process by name; {@code cpuNanos} reads its CPU time so far. */
  CpuShares of(String name, LongSupplier cpuNanos) {
    cpuNanosOf.put(name, cpuNanos);
    return this;
  }

  /** Adds this JVM: the load generator and the fakes. */
  CpuShares withThisJvm() {
    long self = ProcessHandle.current().pid();
    return of("load generator and fakes", () -> ProcessStats.cpuNanos(self));
  }

  /** Reads every process's CPU time now: the stretch starts. */
  CpuShares start() {
    before.clear();
    cpuNanosOf.values().forEach(process -> before.add(process.getAsLong()));
    startedNanos = System.nanoTime();
    return this;
  }

  /** What each process used since {@link #start()}, per one of {@code messages}, and the cores busy. */
  String perMessage(int messages) {
    long elapsed = System.nanoTime() - startedNanos;
    StringBuilder shares = new StringBuilder();
    long total = 0;
    int i = 0;
    for (Map.Entry<String, LongSupplier> process : cpuNanosOf.entrySet()) {
      long used = process.getValue().getAsLong() - before.get(i++);
      total += used;
      shares.append(shares.isEmpty() ? "" : ", ").append(process.getKey()).append(' ')
          .append(used / 1000 / Math.max(1, messages)).append(" µs");
    }
    return String.format("%s; %.2f of %d cores busy", shares, (double) total / elapsed,
        Runtime.getRuntime().availableProcessors());
  }
}
