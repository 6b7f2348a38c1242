package dev.switchboard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What Linux's /proc says about another process: CPU time used so far and resident memory. */
final class ProcessStats {

  /** USER_HZ: the unit of utime/stime in /proc/PID/stat; 100 on every Linux this runs on. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  private ProcessStats() {
  }

  /** User + system CPU time of every thread of the process so far, in nanoseconds. */
  static long cpuNanos(long pid) {
    String stat = read(Path.of("/proc/" + pid + "/stat"));
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    long utime = Long.parseLong(fields[11]);
    long stime = Long.parseLong(fields[12]);
    return (utime + stime) * NANOS_PER_TICK;
  }

  /** VmRSS in MB. */
  static long rssMb(long pid) {
    for (String line : read(Path.of("/proc/" + pid + "/status")).split("\n")) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
      }
    }
    throw new IllegalStateException("no VmRSS for process " + pid);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
