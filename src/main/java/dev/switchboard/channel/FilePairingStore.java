package dev.switchboard.channel;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A {@link PairingStore} in a JSON file, shared by the running bridge and the {@code pairing}
 * command-line process. All file work runs on worker threads. Changes are transactions: an exclusive
 * lock on {@code <file>.lock} (which also excludes the other process), read, change, write to a
 * temporary file, atomic move — so a reader never sees half a file and neither process loses the
 * other's change.
 */
public final class FilePairingStore implements PairingStore {

  /** A sender with a pending code who keeps writing is reminded of it at most this often. */
  public static final Duration DEFAULT_REMINDER_INTERVAL = Duration.ofMinutes(15);
  /** No 0/O, 1/I/L: codes are read aloud and typed by hand. */
  static final String CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
  static final int CODE_LENGTH = 8;
  /** Expired codes are kept this long so that approving one says "expired", not "unknown". */
  private static final Duration EXPIRED_RETENTION = Duration.ofHours(24);

  /**
   * One monitor per file for the whole JVM: a file lock excludes other processes only, and a second
   * lock attempt from this JVM would fail rather than wait.
   */
  private static final ConcurrentHashMap<Path, Object> FILE_MONITORS = new ConcurrentHashMap<>();

  private final Vertx vertx;
  private final Path file;
  private final Path lockFile;
  private final Clock clock;
  private final Duration reminderInterval;
  private final SecureRandom random = new SecureRandom();
  /** "channel sender" keys known approved: admitted without touching the file. */
  private final Set<String> approvedCache = ConcurrentHashMap.newKeySet();

  public FilePairingStore(Vertx vertx, String path, Clock clock, Duration reminderInterval) {
    this.vertx = vertx;
    this.file = Path.of(path).toAbsolutePath();
    this.lockFile = file.resolveSibling(file.getFileName() + ".lock");
    this.clock = clock;
    this.reminderInterval = reminderInterval;
  }

  public FilePairingStore(Vertx vertx, String path) {
    this(vertx, path, Clock.systemUTC(), DEFAULT_REMINDER_INTERVAL);
  }

  /** The pairing file beside the session store: {@code <dir of storePath>/pairing.json}. */
  public static String pathBeside(String sessionStorePath) {
    Path parent = Path.of(sessionStorePath).toAbsolutePath().getParent();
    return parent.resolve("pairing.json").toString();
  }

  @Override
  public Future<List<PendingPairing>> pending(String channelOrNull) {
    return read().map(contents -> {
      Instant now = clock.instant();
      return contents.pending.stream()
          .filter(p -> channelOrNull == null || p.channel().equals(channelOrNull))
          .filter(p -> !p.isExpired(now))
          .sorted(Comparator.comparing(PendingPairing::createdAt))
          .toList();
    });
  }

  @Override
  public Future<Boolean> isApproved(String channel, String senderId) {
    if (approvedCache.contains(cacheKey(channel, senderId))) {
      return Future.succeededFuture(true);
    }
    // The command-line process may have approved the sender since the last look: read again.
    return read().map(contents -> contents.isApproved(channel, senderId));
  }

  @Override
  public Future<PairingRequest> request(String channel, String senderId, String senderName) {
    return transact(contents -> {
      Instant now = clock.instant();
      if (contents.isApproved(channel, senderId)) {
        return new PairingRequest(PairingRequest.Outcome.APPROVED, null);
      }
      Optional<PendingPairing> existing = contents.pending.stream()
          .filter(p -> p.channel().equals(channel) && p.senderId().equals(senderId) && !p.isExpired(now))
          .findFirst();
      if (existing.isPresent()) {
        return remind(contents, existing.get(), now);
      }
      long live = contents.pending.stream().filter(p -> p.channel().equals(channel) && !p.isExpired(now)).count();
      if (live >= MAX_PENDING_PER_CHANNEL) {
        return new PairingRequest(PairingRequest.Outcome.LIMIT_REACHED, null);
      }
      contents.removeIf(p -> p.channel().equals(channel) && p.senderId().equals(senderId));
      PendingPairing created = new PendingPairing(channel, senderId, senderName, newCode(contents), now, now);
      contents.add(created);
      return new PairingRequest(PairingRequest.Outcome.NEW_CODE, created);
    });
  }

  @Override
  public Future<PendingPairing> approve(String channel, String code) {
    String wanted = code.trim().toUpperCase(Locale.ROOT);
    return transact(contents -> {
      PendingPairing pairing = contents.pending.stream()
          .filter(p -> p.code().equals(wanted) && p.channel().equals(channel))
          .findFirst()
          .orElseThrow(() -> unknownCode(contents, channel, wanted));
      if (pairing.isExpired(clock.instant())) {
        throw new PairingException("Pairing code " + wanted + " for " + channel + " expired at "
            + pairing.expiresAt() + "; the sender gets a new code by writing to the bot again.");
      }
      contents.approve(pairing);
      return pairing;
    });
  }

  private PairingRequest remind(PairingFile contents, PendingPairing pairing, Instant now) {
    if (Duration.between(pairing.notifiedAt(), now).compareTo(reminderInterval) < 0) {
      return new PairingRequest(PairingRequest.Outcome.ALREADY_NOTIFIED, pairing);
    }
    PendingPairing reminded = pairing.notified(now);
    contents.replace(pairing, reminded);
    return new PairingRequest(PairingRequest.Outcome.REMINDER, reminded);
  }

  private static PairingException unknownCode(PairingFile contents, String channel, String code) {
    String otherChannel = contents.pending.stream().filter(p -> p.code().equals(code))
        .map(PendingPairing::channel).findFirst().orElse(null);
    if (otherChannel != null) {
      return new PairingException("Pairing code " + code + " belongs to " + otherChannel + ", not " + channel + ".");
    }
    return new PairingException("No pending pairing code " + code + " for " + channel
        + ". Run `switchboard pairing list` to see the pending codes.");
  }

  private String newCode(PairingFile contents) {
    while (true) {
      StringBuilder code = new StringBuilder(CODE_LENGTH);
      for (int i = 0; i < CODE_LENGTH; i++) {
        code.append(CODE_ALPHABET.charAt(random.nextInt(CODE_ALPHABET.length())));
      }
      String candidate = code.toString();
      if (contents.pending.stream().noneMatch(p -> p.code().equals(candidate))) {
        return candidate;
      }
    }
  }

  private Future<PairingFile> read() {
    return vertx.executeBlocking(() -> {
      PairingFile contents = load();
      refreshCache(contents);
      return contents;
    }, false);
  }

  /** Runs {@code change} on fresh contents under the cross-process lock, writing back only what changed. */
  private <T> Future<T> transact(Function<PairingFile, T> change) {
    return vertx.executeBlocking(() -> {
      synchronized (FILE_MONITORS.computeIfAbsent(file, path -> new Object())) {
        Files.createDirectories(file.getParent());
        try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockChannel.lock()) {
          PairingFile contents = load();
          Instant horizon = clock.instant().minus(CODE_VALIDITY).minus(EXPIRED_RETENTION);
          contents.removeIf(p -> p.createdAt().isBefore(horizon));
          T result = change.apply(contents);
          if (contents.changed()) {
            save(contents);
          }
          refreshCache(contents);
          return result;
        }
      }
    }, false);
  }

  private PairingFile load() throws IOException {
    if (!Files.exists(file)) {
      return PairingFile.empty();
    }
    return PairingFile.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  private void save(PairingFile contents) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temporary, contents.encode(), StandardCharsets.UTF_8);
    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Mirrors the file, so that approvals revoked by hand also leave the cache. */
  private void refreshCache(PairingFile contents) {
    Set<String> approved = ConcurrentHashMap.newKeySet();
    contents.approved.forEach((channel, senders) -> senders.forEach(s -> approved.add(cacheKey(channel, s))));
    approvedCache.retainAll(approved);
    approvedCache.addAll(approved);
  }

  private static String cacheKey(String channel, String senderId) {
    return channel + ' ' + senderId;
  }
}
