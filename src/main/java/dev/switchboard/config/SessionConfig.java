package dev.switchboard.config;

/**
 * How conversations are keyed and kept.
 *
 * @param dmScope   per-channel-peer, the only scope: one session per chat (and per thread or topic)
 * @param storePath the SQLite file
 * @param idleDays  sessions idle longer than this are pruned
 */
public record SessionConfig(String dmScope, String storePath, int idleDays) {

  public static final String DEFAULT_DM_SCOPE = "per-channel-peer";
  public static final String DEFAULT_STORE_PATH = "data/switchboard.db";
  public static final int DEFAULT_IDLE_DAYS = 30;
}
