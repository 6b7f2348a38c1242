package dev.switchboard.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The SQL the two claim kinds share: pending rows of one group (a session's messages in {@code inbox},
 * a chat's chunks in {@code outbox}) are claimed together under one token and lease. A group's head is
 * its oldest pending row; it is free when no pending row of its group is under a live lease. Lease
 * times are the database's clock ({@link Dialect#nowMillis}).
 *
 * @param table the table
 * @param group the column rows of one group share
 * @param order the column that orders a group's rows (drawn at insert, not at commit)
 */
record ClaimGroups(String table, String group, String order, Dialect dialect) {

  /** A row's lease is over, or it was never claimed. */
  String free() {
    return "(claim IS NULL OR lease_until <= " + dialect.nowMillis() + ")";
  }

  /**
   * The oldest free head among the rows {@code filter} selects (with {@code ?} parameters of its own),
   * its row locked, or passed over when another transaction holds it.
   */
  String head(String columns, String filter) {
    String now = dialect.nowMillis();
    return "SELECT " + columns + " FROM " + table + " h WHERE h.state = 'pending' AND " + filter
        + " AND (h.claim IS NULL OR h.lease_until <= " + now + ")"
        + " AND NOT EXISTS (SELECT 1 FROM " + table + " o WHERE o." + group + " = h." + group
        + " AND o.state = 'pending' AND o." + order + " < h." + order + ")"
        + " AND NOT EXISTS (SELECT 1 FROM " + table + " c WHERE c." + group + " = h." + group
        + " AND c.state = 'pending' AND c.claim IS NOT NULL AND c.lease_until > " + now + ")"
        + " ORDER BY h." + order + " LIMIT 1" + dialect.skipLocked();
  }

  /**
   * Locks the group until the claim commits and looks again: true when another node is claiming it or
   * claimed it after its head was read (that head was committed late, behind a row already claimed).
   * On PostgreSQL a row's order is drawn at insert, so such a head can look free while its group is
   * busy. The lock is not waited for: its holder locked rows of the group that it is about to claim,
   * possibly this head, and waiting on each other would deadlock.
   */
  boolean claimedMeanwhile(Connection connection, String key) throws SQLException {
    if (!dialect.tryLock(connection, lockKey(key))) {
      return true;
    }
    return Sql.first(connection, "SELECT 1 FROM " + table + " WHERE " + group + " = ? AND state = 'pending'"
        + " AND claim IS NOT NULL AND lease_until > " + dialect.nowMillis() + " LIMIT 1", row -> true, key) != null;
  }

  /** What {@link Dialect#tryLock} locks while a group is claimed. */
  String lockKey(String key) {
    return table + " " + key;
  }

  /** Extends the lease of a token's rows. */
  String renew() {
    return "UPDATE " + table + " SET lease_until = " + dialect.nowMillis() + " + ? WHERE claim = ? AND state = 'pending'";
  }
}
