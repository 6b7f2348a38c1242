package dev.switchboard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What Linux's /proc says about another process: CPU time used so far and resident memory. */
final class ProcessStats {

  /** USER_HZ: the unit of utime/stime in /proc/PID/stat; 100 on every Linux this runs on. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  private ProcessStats() {
  }

  /** User + system CPU time of every thread of the process so far, in nanoseconds. */
  static long cpuNanos(long pid) {
    String[] fields = statFields(pid);
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
  }

  /**
   * The same for a server that forks a process per client (PostgreSQL): the process, its children
   * alive now, and those that ended and were waited for (cutime, cstime), in nanoseconds.
   */
  static long cpuNanosWithChildren(long pid) {
    String[] own = statFields(pid);
    long ticks = Long.parseLong(own[13]) + Long.parseLong(own[14]);
    long nanos = cpuNanos(pid) + ticks * NANOS_PER_TICK;
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      for (Path process : processes.filter(path -> path.getFileName().toString().matches("\\d+")).toList()) {
        try {
          long child = Long.parseLong(process.getFileName().toString());
          if (Long.parseLong(statFields(child)[1]) == pid) {
            nanos += cpuNanos(child);
          }
        } catch (UncheckedIOException gone) {
          // Ended between the listing and the read; its time is in the parent's cutime once waited for.
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return nanos;
  }

  /** The fields of /proc/PID/stat after the command name (field 3, the state, first). */
  private static String[] statFields(long pid) {
    String stat = read(Path.of("/proc/" + pid + "/stat"));
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
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
