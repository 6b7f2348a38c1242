package dev.switchboard.bench;

import dev.switchboard.bus.ChatMessage;
import dev.switchboard.bus.ChatType;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.store.SqliteStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SQLite store alone, in this JVM, at the webhook benchmark's top rate: how long a webhook's
 * journal write waits for its commit when nothing else (HTTP, the model, a load generator in another
 * process) competes for the cores, so that a change to the store shows in a figure of its own. Each
 * message is journaled, then its turn's writes follow as the router makes them (the history
 * appended, the message answered), so the journal shares its group commits with the same mix as in
 * the bridge. The log file's largest size and this JVM's CPU per message show what a checkpoint
 * setting costs besides.
 */
final class JournalLatency {

  static final int RATE_PER_SECOND = 2_000;
  static final long WARMUP_MS = 10_000;
  static final long RUN_MS = 10_000;
  static final int ROUNDS = 3;
  /** How long after its last write is due a round may still take to end. */
  static final long GRACE_MS = 60_000;

  private JournalLatency() {
  }

  static List<String> measure(Path dir) {
    Vertx vertx = Vertx.vertx();
    try {
      Path file = dir.resolve("journal-latency.db");
      SqliteStore store = SqliteStore.open(vertx, file.toString(), Clock.systemUTC()).await();
      Path wal = Path.of(file + "-wal");
      long walBytes = 0;
      int[] sequence = {0};
      AtomicLong failedWrites = new AtomicLong();
      run(vertx, store, sequence, failedWrites, WARMUP_MS);
      Spread p50 = new Spread();
      Spread p99 = new Spread();
      Spread max = new Spread();
      long pid = ProcessHandle.current().pid();
      long cpuBefore = ProcessStats.cpuNanos(pid);
      int messagesBefore = sequence[0];
      for (int round = 0; round < ROUNDS; round++) {
        Latencies journal = run(vertx, store, sequence, failedWrites, RUN_MS);
        p50.add(journal.percentileMs(50));
        p99.add(journal.percentileMs(99));
        max.add(journal.percentileMs(100));
        walBytes = Math.max(walBytes, sizeOf(wal));
      }
      long cpuMicrosPerMessage = (ProcessStats.cpuNanos(pid) - cpuBefore) / 1_000 / (sequence[0] - messagesBefore);
      store.close().await();
      return List.of(Benchmark.row("journal write alone (SQLite, in-process) at " + RATE_PER_SECOND
              + " messages/s with each turn's writes: p50 / p99 / max, median of " + ROUNDS + " rounds (range)",
          p50.format(JournalLatency::millis) + " / " + p99.format(JournalLatency::millis) + " / "
              + max.format(JournalLatency::millis) + "; log file at most " + walBytes / 1_000_000
              + " MB; this JVM's CPU " + cpuMicrosPerMessage + " µs per message; failed writes "
              + failedWrites.get(), "0 failed"));
    } finally {
      vertx.close().await();
    }
  }

  /** The open loop: each message journaled, its latency that of the journal; then its turn's writes. */
  private static Latencies run(Vertx vertx, SqliteStore store, int[] sequence, AtomicLong failedWrites,
                               long durationMs) {
    return OpenLoop.run(vertx, RATE_PER_SECOND, durationMs, GRACE_MS, () -> {
      InboundMessage message = message(++sequence[0]);
      long requested = System.nanoTime();
      return store.inbox().journalIfNew(message).map(journaled -> {
        turnWrites(store, message);
        return System.nanoTime() - requested;
      });
    }, failedWrites::incrementAndGet).await();
  }

  private static Future<Void> turnWrites(SqliteStore store, InboundMessage message) {
    String session = "whatsapp:bench:dm:" + message.chatId();
    return store.sessionHistory().append(session, List.of(ChatMessage.user(message.text(), List.of()),
            ChatMessage.assistant("We open at nine on Sundays.")))
        .compose(kept -> store.inbox().markAnswered(message.id()));
  }

  private static InboundMessage message(int number) {
    String sender = String.valueOf(15_550_000_000L + number);
    return new InboundMessage("whatsapp:wamid.journal" + number, "whatsapp", "bench", sender, ChatType.DM, sender,
        "Bench", null, "Hello, do you open on Sundays?", System.currentTimeMillis(), null);
  }

  /** The write-ahead log's size: it must stay bounded, however checkpoints are run. */
  private static long sizeOf(Path wal) {
    try {
      return java.nio.file.Files.size(wal);
    } catch (java.io.IOException gone) {
      return 0;
    }
  }

  private static String millis(double value) {
    return String.format("%.2f ms", value);
  }
}
