package dev.switchboard.store;

import java.sql.Connection;
import java.sql.SQLException;

/** A piece of JDBC work, run on the store's own thread with its one connection. */
@FunctionalInterface
interface SqlWork<T> {

  T run(Connection connection) throws SQLException;
}
