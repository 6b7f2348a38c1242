package dev.switchboard.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqliteLibraryCacheTest {

  private static final String LIBRARY = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
  private static final String VERSION = SQLiteJDBCLoader.getVersion();

  @TempDir
  Path dir;

  private static byte[] packaged() throws IOException {
    try (InputStream in = SqliteLibraryCacheTest.class.getResourceAsStream(LIBRARY)) {
      return in.readAllBytes();
    }
  }

  @Test
  void theLibraryIsUnpackedOnceIntoAFolderOnlyItsUserCanOpen() throws IOException {
    SqliteLibraryCache cache = new SqliteLibraryCache(dir.resolve("cache"));
    Path library = cache.unpacked(LIBRARY, VERSION).orElseThrow();
    assertArrayEquals(packaged(), Files.readAllBytes(library));
    assertTrue(library.startsWith(dir.resolve("cache")), library.toString());
    assertTrue(library.getParent().getFileName().toString().startsWith("sqlite-" + VERSION), library.toString());
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(library.getParent())));

    Object unpacked = Files.readAttributes(library, "unix:ino").get("ino");
    Path again = cache.unpacked(LIBRARY, VERSION).orElseThrow();
    assertEquals(library, again);
    assertEquals(unpacked, Files.readAttributes(again, "unix:ino").get("ino"), "the second start reuses the file");
    try (var folder = Files.list(library.getParent())) {
      assertEquals(1, folder.count(), "nothing but the library is left in its folder");
    }
  }

  @Test
  void aDamagedCopyIsReplacedByThePackagedLibrary() throws IOException {
    SqliteLibraryCache cache = new SqliteLibraryCache(dir);
    Path library = cache.unpacked(LIBRARY, VERSION).orElseThrow();
    byte[] damaged = packaged();
    damaged[damaged.length / 2] ^= 0x5a; // same size, one byte changed
    Files.write(library, damaged);
    assertArrayEquals(packaged(), Files.readAllBytes(cache.unpacked(LIBRARY, VERSION).orElseThrow()));

    Files.write(library, new byte[100]); // cut short
    assertArrayEquals(packaged(), Files.readAllBytes(cache.unpacked(LIBRARY, VERSION).orElseThrow()));
  }

  @Test
  void aFolderOthersCanWriteToIsNotUsed() throws IOException {
    SqliteLibraryCache cache = new SqliteLibraryCache(dir);
    Path folder = cache.unpacked(LIBRARY, VERSION).orElseThrow().getParent();
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertEquals(Optional.empty(), cache.unpacked(LIBRARY, VERSION));
  }

  @Test
  void aCacheThatCannotBeWrittenIsNotUsed() throws IOException {
    Path notAFolder = Files.writeString(dir.resolve("file"), "a file where the cache folder would be");
    assertEquals(Optional.empty(), new SqliteLibraryCache(notAFolder).unpacked(LIBRARY, VERSION));
  }

  @Test
  void aLibraryThatIsNotPackagedIsNotCached() {
    assertEquals(Optional.empty(), new SqliteLibraryCache(dir).unpacked("/org/sqlite/native/Plan9/mips/libsqlitejdbc.so", VERSION));
    assertFalse(Files.exists(dir.resolve("sqlite-" + VERSION + "-org-sqlite-native-Plan9-mips")));
  }
}
