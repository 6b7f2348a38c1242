package dev.switchboard.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code session.store}: SQLite by default, PostgreSQL with {@code url}; a cluster only on PostgreSQL. */
class StoreConfigTest {

  private static final String PROVIDERS = """
      models: { providers: { local: { baseUrl: "http://127.0.0.1:8000/v1", api: "openai-responses",
               models: [{ id: "m" }] } } }""";

  private static SessionConfig session(String members, Map<String, String> env) {
    return ConfigLoader.parse("test.json5", "{ " + PROVIDERS + ", " + members + " }", env).session();
  }

  private static String failure(String members) {
    return assertThrows(ConfigException.class, () -> session(members, Map.of())).getMessage();
  }

  @Test
  void theStoreIsTheSqliteFileByDefault() {
    SessionConfig session = session("gateway: {}", Map.of());
    assertEquals("sqlite", session.storeKind());
    assertEquals("data/switchboard.db", session.storePath());
    assertNull(session.storeUrl());
  }

  @Test
  void aUrlSelectsPostgresqlWithThePasswordFromTheEnvironmentNeverShown() {
    SessionConfig session = session("""
        session: { store: { url: "postgresql://switchboard@db.internal:5433/switchboard?sslmode=require",
                            password: "${SWITCHBOARD_DB_PASSWORD}" } }""", Map.of("SWITCHBOARD_DB_PASSWORD", "pw-123"));
    assertEquals("postgresql", session.storeKind());
    assertEquals("pw-123", session.storePassword());
    assertFalse(session.toString().contains("pw-123"), session.toString());
  }

  @Test
  void anUnsetPasswordVariableMeansNoPassword() {
    assertNull(session("session: { store: { url: 'postgresql://sb@127.0.0.1/sb', password: '${NOPE}' } }", Map.of())
        .storePassword());
  }

  @Test
  void badUrlsAreRejectedWithTheirPathAndWhy() {
    assertEquals("session.store.url: holds a password: put it in session.store.password instead",
        failure("session: { store: { url: 'postgresql://sb:secret@127.0.0.1/sb' } }"));
    assertTrue(failure("session: { store: { url: 'mysql://sb@127.0.0.1/sb' } }")
        .startsWith("session.store.url: must start with postgresql://"));
    assertTrue(failure("session: { store: { url: 'postgresql://127.0.0.1/sb' } }")
        .startsWith("session.store.url: names no user"));
    assertTrue(failure("session: { store: { url: 'postgresql://sb@127.0.0.1' } }")
        .startsWith("session.store.url: names no database"));
    assertTrue(failure("session: { store: { url: 'postgresql://sb@127.0.0.1/sb?reWriteBatchedInserts=true' } }")
        .startsWith("session.store.url: sets reWriteBatchedInserts=true"));
  }

  @Test
  void pathAndUrlTogetherOrAPasswordWithoutUrlAreRejected() {
    assertEquals("session.store.path: give either path (SQLite, one node) or url (PostgreSQL), not both",
        failure("session: { store: { path: 'a.db', url: 'postgresql://sb@127.0.0.1/sb' } }"));
    assertEquals("session.store.password: is only used with session.store.url (PostgreSQL)",
        failure("session: { store: { password: 'x' } }"));
  }

  @Test
  void aClusterOnTheSqliteFileIsRefusedNamingTheUrlKey() {
    String message = failure("cluster: { enabled: true }");
    assertTrue(message.startsWith("cluster.enabled: a cluster needs a shared PostgreSQL store: set session.store.url"),
        message);
    assertEquals("postgresql",
        session("cluster: { enabled: true }, session: { store: { url: 'postgresql://sb@127.0.0.1/sb' } }", Map.of())
            .storeKind());
  }
}
