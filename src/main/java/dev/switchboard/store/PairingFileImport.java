package dev.switchboard.store;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings the {@code pairing.json} that earlier versions kept beside the SQLite file into the store, once:
 * approved senders and pending codes are inserted (what the store already has wins), and the file is
 * renamed {@code pairing.json.imported}. A file that cannot be read is left alone with a warning; the
 * bridge starts all the same.
 */
final class PairingFileImport {

  private static final Logger LOG = LoggerFactory.getLogger(PairingFileImport.class);

  private static final String APPROVE = "INSERT INTO pairing_approved (channel, sender_id, approved_at)"
      + " VALUES (?, ?, ?) ON CONFLICT (channel, sender_id) DO NOTHING";
  private static final String PENDING = "INSERT INTO pairing_pending (channel, sender_id, sender_name, code,"
      + " created_at, notified_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

  private PairingFileImport() {
  }

  /** The side file of the store at {@code storePath}. */
  static Path besideStore(String storePath) {
    return Path.of(storePath).toAbsolutePath().resolveSibling("pairing.json");
  }

  /** Inserts the file's contents in the caller's transaction; false when there is nothing to import. */
  static boolean insert(Connection connection, Path file, long now) throws SQLException {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    List<Object[]> approvals = new ArrayList<>();
    List<Object[]> pendings = new ArrayList<>();
    try {
      JsonObject contents = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
      JsonObject approved = contents.getJsonObject("approved", new JsonObject());
      for (String channel : approved.fieldNames()) {
        for (Object sender : approved.getJsonArray(channel, new JsonArray())) {
          approvals.add(new Object[] {channel, (String) sender, now});
        }
      }
      for (Object item : contents.getJsonArray("pending", new JsonArray())) {
        JsonObject pending = (JsonObject) item;
        long createdAt = pending.getLong("createdAt");
        pendings.add(new Object[] {pending.getString("channel"), pending.getString("senderId"),
            pending.getString("senderName"), pending.getString("code"), createdAt,
            pending.getLong("notifiedAt", createdAt)});
      }
    } catch (IOException | DecodeException | ClassCastException | NullPointerException e) {
      LOG.warn("{} not imported into the store, it cannot be read ({}): approve its senders again", file,
          e.getMessage());
      return false;
    }
    for (Object[] approval : approvals) {
      Sql.update(connection, APPROVE, approval);
    }
    for (Object[] pending : pendings) {
      Sql.update(connection, PENDING, pending);
    }
    return true;
  }

  /** Renames the imported file so that it is not imported again. */
  static void markImported(Path file) {
    try {
      Files.move(file, file.resolveSibling(file.getFileName() + ".imported"), StandardCopyOption.REPLACE_EXISTING);
      LOG.info("{} imported into the store and renamed {}.imported", file, file.getFileName());
    } catch (IOException e) {
      LOG.warn("{} imported into the store but not renamed ({}); it will be imported again, harmlessly", file,
          e.getMessage());
    }
  }
}
