package dev.switchboard.config;

/**
 * How conversations are keyed and kept.
 *
 * @param dmScope       per-channel-peer, the only scope: one session per chat (and per thread or topic)
 * @param storePath     the SQLite file (the store when {@code storeUrl} is null)
 * @param storeUrl      a PostgreSQL database, {@code postgresql://USER@HOST:PORT/DATABASE}, or null for SQLite
 * @param storePassword the PostgreSQL user's password, or null
 * @param idleDays      sessions idle longer than this are pruned
 */
public record SessionConfig(String dmScope, String storePath, String storeUrl, String storePassword, int idleDays) {

  public static final String DEFAULT_DM_SCOPE = "per-channel-peer";
  public static final String DEFAULT_STORE_PATH = "data/switchboard.db";
  public static final int DEFAULT_IDLE_DAYS = 30;

  /** Whether the store is a PostgreSQL database, which several nodes can share. */
  public boolean sharedStore() {
    return storeUrl != null;
  }

  /** What {@code check} and {@code /readyz} call the store: {@code sqlite} or {@code postgresql}. */
  public String storeKind() {
    return sharedStore() ? "postgresql" : "sqlite";
  }

  @Override
  public String toString() {
    return "SessionConfig[dmScope=" + dmScope + ", storePath=" + storePath + ", storeUrl=" + storeUrl
        + ", storePassword=" + (storePassword == null ? null : "***") + ", idleDays=" + idleDays + "]";
  }
}
