package dev.switchboard.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Properties;

/**
 * {@code session.store.url}: {@code postgresql://USER@HOST[:PORT]/DATABASE[?PARAM=VALUE&…]} (the
 * {@code postgres://} spelling too), as libpq and most tools write it. The password comes apart
 * ({@code session.store.password}, usually {@code ${SWITCHBOARD_DB_PASSWORD}}), never in the URL, so
 * that the URL can be logged. Parameters (say {@code sslmode=require}) go to the JDBC driver as they are.
 */
public record PostgresUrl(String user, String host, int port, String database, String query) {

  public static final int DEFAULT_PORT = 5432;
  /** How long opening a connection may take before the store reports the database unreachable. */
  static final int CONNECT_TIMEOUT_SECONDS = 5;
  /** How long one statement may wait for the server before its connection counts as lost. */
  static final int SOCKET_TIMEOUT_SECONDS = 30;

  /** Parses the URL; throws IllegalArgumentException saying what is wrong with it. */
  public static PostgresUrl parse(String url) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("is not a URL (" + e.getReason() + ")");
    }
    if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
      throw new IllegalArgumentException("must start with postgresql:// (as in postgresql://switchboard@127.0.0.1:5432/switchboard)");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new IllegalArgumentException("names no host (as in postgresql://switchboard@127.0.0.1:5432/switchboard)");
    }
    String userInfo = uri.getUserInfo();
    if (userInfo == null || userInfo.isBlank()) {
      throw new IllegalArgumentException("names no user (as in postgresql://switchboard@127.0.0.1:5432/switchboard)");
    }
    if (userInfo.contains(":")) {
      throw new IllegalArgumentException("holds a password: put it in session.store.password instead");
    }
    String query = uri.getRawQuery();
    if (query != null && query.toLowerCase(Locale.ROOT).contains("rewritebatchedinserts=true")) {
      // The store reads each statement's row count and generated key from its JDBC batches; the
      // driver's rewrite into multi-row INSERTs reports neither, and every message would look seen.
      throw new IllegalArgumentException("sets reWriteBatchedInserts=true, which the store cannot work with:"
          + " it needs the row count of each batched statement");
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    String database = path.startsWith("/") ? path.substring(1) : path;
    if (database.isBlank() || database.contains("/")) {
      throw new IllegalArgumentException("names no database (as in postgresql://switchboard@127.0.0.1:5432/switchboard)");
    }
    return new PostgresUrl(userInfo, uri.getHost(), uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort(), database,
        query);
  }

  /** The URL for the JDBC driver; user and password go in {@link #properties}. */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database + (query == null ? "" : "?" + query);
  }

  /** The driver's connection properties: who connects, and timeouts that turn a dead server into an error. */
  public Properties properties(String password) {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    if (password != null && !password.isEmpty()) {
      properties.setProperty("password", password);
    }
    properties.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
    properties.setProperty("socketTimeout", String.valueOf(SOCKET_TIMEOUT_SECONDS));
    properties.setProperty("tcpKeepAlive", "true");
    properties.setProperty("ApplicationName", "switchboard");
    return properties;
  }

  /** The URL without secrets, for logs, {@code check} and {@code /readyz}. */
  @Override
  public String toString() {
    return "postgresql://" + user + "@" + host + ":" + port + "/" + database + (query == null ? "" : "?" + query);
  }
}
