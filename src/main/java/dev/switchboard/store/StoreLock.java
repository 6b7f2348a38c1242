package dev.switchboard.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One bridge per SQLite file: an exclusive lock on {@code <file>.lock}, held from open to close. The
 * database file itself is shared, so that the {@code pairing} command can approve a sender while the
 * bridge runs; a second bridge, in this process or another, finds the lock taken and fails to start
 * instead of answering the same messages twice. The lock goes with the process, even after kill -9.
 */
final class StoreLock implements AutoCloseable {

  private static final long RETRY_MS = 50;

  private final FileChannel channel;
  private final FileLock lock;

  private StoreLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of the store at {@code path}, waiting up to {@code waitMs} for a bridge that is
   * shutting down; blocking. Fails with a {@link StoreException} naming the file when it stays taken.
   */
  static StoreLock acquire(Path path, int waitMs) {
    StoreFile.checkPath(path);
    Path lockFile = path.resolveSibling(path.getFileName() + ".lock");
    long deadline = System.nanoTime() + waitMs * 1_000_000L;
    try {
      FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      while (true) {
        FileLock lock = tryLock(channel);
        if (lock != null) {
          return new StoreLock(channel, lock);
        }
        if (System.nanoTime() >= deadline) {
          channel.close();
          throw new StoreException("store " + path + " is locked by another process (is another bridge running"
              + " on this file?): " + lockFile + " is held");
        }
        Thread.sleep(RETRY_MS);
      }
    } catch (IOException e) {
      throw new StoreException("store " + path + " cannot be opened: cannot lock " + lockFile + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("store " + path + ": interrupted while waiting for its lock", e);
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException heldInThisProcess) {
      return null;
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException alreadyReleased) {
      // Closing the channel releases the lock; nothing else holds it.
    }
  }
}
