package dev.switchboard.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * SQLite's native library, unpacked once per driver version and platform into a private cache
 * directory and loaded from there by later starts. Left to itself, the driver writes the library to
 * a new temporary file on every start, reads it back byte by byte to compare, and sweeps the old
 * copies: about a tenth of a start's CPU. A cache that is not the user's own, or not private, is not
 * used: a library someone else can replace would run inside the bridge.
 */
final class SqliteLibraryCache {

  private static final Logger LOG = LoggerFactory.getLogger(SqliteLibraryCache.class);
  private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> WRITABLE_BY_OTHERS =
      Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

  private final Path root;

  /** @param root the directory that holds one folder per driver version and platform (made if absent) */
  SqliteLibraryCache(Path root) {
    this.root = root;
  }

  /** {@code $XDG_CACHE_HOME/switchboard}, or {@code ~/.cache/switchboard}. */
  static SqliteLibraryCache forUser() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return new SqliteLibraryCache(base.resolve("switchboard"));
  }

  /**
   * The library {@code resource} (a class-path resource, as {@code /org/sqlite/native/...}) as a file
   * in this cache under {@code version}: unpacked if absent or not the same bytes, reused otherwise.
   * Empty when the cache cannot be used (no resource, not the user's own, a read-only home).
   */
  Optional<Path> unpacked(String resource, String version) {
    byte[] library;
    try (InputStream in = SqliteLibraryCache.class.getResourceAsStream(resource)) {
      if (in == null) {
        return Optional.empty();
      }
      library = in.readAllBytes();
    } catch (IOException e) {
      return Optional.empty();
    }
    String name = resource.substring(resource.lastIndexOf('/') + 1);
    String platform = resource.substring(0, resource.lastIndexOf('/')).replaceAll("[^A-Za-z0-9_.-]+", "-");
    try {
      Path folder = privateFolder(root.resolve("sqlite-" + version + platform));
      Path file = folder.resolve(name);
      if (!sameBytes(file, library)) {
        Path partial = Files.createTempFile(folder, name, ".partial");
        try {
          Files.write(partial, library);
          Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
          Files.deleteIfExists(partial);
        }
      }
      return Optional.of(file);
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      // Not a failure: the driver unpacks the library itself, as it did before there was a cache.
      LOG.debug("SQLite's library is not cached in {}: {}", root, e.toString());
      return Optional.empty();
    }
  }

  /** {@code folder}, made private if absent; refused (IOException) if it is not private to this user. */
  private static Path privateFolder(Path folder) throws IOException {
    Files.createDirectories(folder.getParent());
    try {
      Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PRIVATE));
    } catch (FileAlreadyExistsException exists) {
      // Checked below, as a folder made now is.
    }
    String me = System.getProperty("user.name");
    if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)
        || !Files.getOwner(folder, LinkOption.NOFOLLOW_LINKS).getName().equals(me)
        || Files.getPosixFilePermissions(folder, LinkOption.NOFOLLOW_LINKS).stream().anyMatch(WRITABLE_BY_OTHERS::contains)) {
      throw new IOException(folder + " is not a folder private to " + me);
    }
    return folder;
  }

  private static boolean sameBytes(Path file, byte[] library) throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) != library.length) {
      return false;
    }
    return Arrays.equals(Files.readAllBytes(file), library);
  }
}
