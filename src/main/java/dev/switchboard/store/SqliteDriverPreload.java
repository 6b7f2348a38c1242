package dev.switchboard.store;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

import java.nio.file.Path;

/**
 * Loads SQLite's native library, and sets up what the driver's first connection needs, ahead of the
 * store's opening (on the start's preload thread): it needs nothing that comes before it. The library
 * is loaded from {@link SqliteLibraryCache} when the user's cache can hold it, as the driver unpacks it
 * anew on every start otherwise. Opening the store then finds it loaded (or loads it itself, and
 * reports a failure, if this has not finished or failed).
 */
public final class SqliteDriverPreload {

  /** The driver's own settings: a library given by them is loaded as it is, before any it would unpack. */
  static final String LIBRARY_FOLDER = "org.sqlite.lib.path";
  static final String LIBRARY_NAME = "org.sqlite.lib.name";
  /** Where the driver unpacks and, before loading, sweeps its stale copies: the cache folder, not all of /tmp. */
  static final String UNPACK_FOLDER = "org.sqlite.tmpdir";

  private SqliteDriverPreload() {
  }

  /** Blocking: the library is read from the cache or unpacked; failures are left for the store's opening to report. */
  public static void load() {
    try {
      if (System.getProperty(LIBRARY_FOLDER) == null) {
        useCached(SqliteLibraryCache.forUser());
      }
      SQLiteJDBCLoader.initialize();
      // Every connection's settings hold a date format, whose first use sets up the JDK's calendar
      // data (~45 ms): here rather than in the store's opening, on the way to the port.
      new SQLiteConfig().newConnectionConfig();
    } catch (Exception | LinkageError e) {
      // Opening the store loads the library again and reports what failed, with the store's path.
    }
  }

  /** Points the driver at the cached copy of this platform's library, if the cache has one or can make one. */
  static void useCached(SqliteLibraryCache cache) {
    String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
    cache.unpacked(resource, SQLiteJDBCLoader.getVersion()).ifPresent(library -> {
      Path folder = library.getParent();
      System.setProperty(LIBRARY_NAME, library.getFileName().toString());
      System.setProperty(LIBRARY_FOLDER, folder.toString());
      if (System.getProperty(UNPACK_FOLDER) == null) {
        System.setProperty(UNPACK_FOLDER, folder.toString());
      }
    });
  }
}
