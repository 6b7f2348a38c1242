package dev.switchboard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A write made only of INSERT, UPDATE and DELETE statements whose parameters are known before it runs,
 * and whose result follows from the rows each statement changed. Most of a message's writes are such
 * (its dedupe record, its journal, the turn's history, a chunk marked sent), and on PostgreSQL
 * {@link CommitQueue} sends them to the server together: the same statement of every such write in a
 * transaction goes as one JDBC batch, one round trip for all of them instead of one each
 * ({@link #runTogether}). On SQLite, where a statement is a call into the same process, each write
 * runs its own statements in turn.
 *
 * <p>Run together, the writes' statements run grouped by statement: those of one statement keep the
 * writes' order, but a later statement of one write may run before an earlier one of the next. So a
 * write may depend on its own earlier statements and on earlier writes' uses of the same statement,
 * never on another statement of an earlier write in the same transaction.
 */
final class StatementWrite<T> implements SqlWork<T> {

  /** One statement and its parameters, bound in order (see {@link Sql}). */
  record Statement(String sql, Object... parameters) {
  }

  /** The write's result, from the rows each of its statements changed, in its statements' order. */
  @FunctionalInterface
  interface Outcome<T> {

    T of(int[] changed);
  }

  private final List<Statement> statements;
  private final Outcome<T> outcome;

  private StatementWrite(List<Statement> statements, Outcome<T> outcome) {
    this.statements = statements;
    this.outcome = outcome;
  }

  static StatementWrite<Void> of(Statement... statements) {
    return new StatementWrite<>(List.of(statements), changed -> null);
  }

  static <T> StatementWrite<T> of(Outcome<T> outcome, Statement... statements) {
    return new StatementWrite<>(List.of(statements), outcome);
  }

  static StatementWrite<Void> of(List<Statement> statements) {
    return new StatementWrite<>(List.copyOf(statements), changed -> null);
  }

  @Override
  public T run(Connection connection) throws SQLException {
    int[] changed = new int[statements.size()];
    for (int i = 0; i < changed.length; i++) {
      Statement statement = statements.get(i);
      changed[i] = Sql.update(connection, statement.sql(), statement.parameters());
    }
    return outcome.of(changed);
  }

  /** The result, once its statements ran and changed {@code changed} rows each. */
  T outcome(int[] changed) {
    return outcome.of(changed);
  }

  /**
   * Runs the writes' statements, each distinct statement once as a batch of all its uses in the
   * writes' order, and returns the rows changed per write and statement. Throws when any statement
   * fails: which write it belonged to is then found by running them one at a time.
   */
  static int[][] runTogether(Connection connection, List<StatementWrite<?>> writes) throws SQLException {
    Map<String, List<Use>> uses = new LinkedHashMap<>();
    int[][] changed = new int[writes.size()][];
    for (int w = 0; w < writes.size(); w++) {
      List<Statement> statements = writes.get(w).statements;
      changed[w] = new int[statements.size()];
      for (int s = 0; s < statements.size(); s++) {
        uses.computeIfAbsent(statements.get(s).sql(), sql -> new ArrayList<>()).add(new Use(w, s));
      }
    }
    for (Map.Entry<String, List<Use>> statement : uses.entrySet()) {
      PreparedStatement batch = Sql.prepared(connection, statement.getKey());
      for (Use use : statement.getValue()) {
        Sql.bind(batch, writes.get(use.write).statements.get(use.statement).parameters());
        batch.addBatch();
      }
      int[] counts = batch.executeBatch();
      for (int i = 0; i < counts.length; i++) {
        Use use = statement.getValue().get(i);
        changed[use.write][use.statement] = counts[i];
      }
    }
    return changed;
  }

  /** Where one use of a statement comes from: the write's index and the statement's within it. */
  private record Use(int write, int statement) {
  }
}
