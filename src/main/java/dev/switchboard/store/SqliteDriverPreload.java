package dev.switchboard.store;

import org.sqlite.SQLiteJDBCLoader;

/**
 * Loads SQLite's native library on a daemon thread while the start does other work: unpacking it
 * from the jar and loading it is the longest single step before the port opens, and it needs
 * nothing that comes before it. Opening the store then finds it loaded (or loads it itself, and
 * reports a failure, if this thread has not finished or failed).
 */
public final class SqliteDriverPreload {

  private SqliteDriverPreload() {
  }

  public static void start() {
    Thread loading = new Thread(() -> {
      try {
        SQLiteJDBCLoader.initialize();
      } catch (Exception | LinkageError e) {
        // Opening the store loads the library again and reports what failed, with the store's path.
      }
    }, "sqlite-preload");
    loading.setDaemon(true);
    loading.start();
  }
}
