package dev.switchboard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A write made only of INSERT, UPDATE and DELETE statements whose parameters are known before it runs,
 * and whose result follows from the rows each statement changed and the keys its inserts generated.
 * Most of a message's writes are such (its dedupe record, its journal, the turn's history, the reply's
 * chunks, a chunk marked sent), and on PostgreSQL {@link CommitQueue} sends them to the server
 * together: the same statement of every such write in a transaction goes as one JDBC batch, one round
 * trip for all of them instead of one each ({@link #runTogether}). On SQLite, where a statement is a
 * call into the same process, each write runs its own statements in turn.
 *
 * <p>Run together, the writes' statements run grouped by statement: those of one statement keep the
 * writes' order, but a later statement of one write may run before an earlier one of the next. So a
 * write may depend on its own earlier statements and on earlier writes' uses of the same statement,
 * never on another statement of an earlier write in the same transaction.
 */
final class StatementWrite<T> implements SqlWork<T> {

  /**
   * One statement and its parameters, bound in order (see {@link Sql}).
   *
   * @param returnsKey an INSERT whose generated key (the table's first column) the outcome needs
   */
  record Statement(String sql, boolean returnsKey, Object[] parameters) {

    Statement(String sql, Object... parameters) {
      this(sql, false, parameters);
    }

    /** An INSERT whose generated key the outcome reads. */
    static Statement returningKey(String sql, Object... parameters) {
      return new Statement(sql, true, parameters);
    }
  }

  /**
   * What the statements did, in their order: the rows each changed, and the key each
   * {@link Statement#returnsKey} insert generated (0 for the others).
   */
  record Ran(int[] changed, long[] keys) {
  }

  /** The write's result, from what its statements did. */
  @FunctionalInterface
  interface Outcome<T> {

    T of(Ran ran);
  }

  private final List<Statement> statements;
  private final Outcome<T> outcome;

  private StatementWrite(List<Statement> statements, Outcome<T> outcome) {
    this.statements = statements;
    this.outcome = outcome;
  }

  static StatementWrite<Void> of(Statement... statements) {
    return new StatementWrite<>(List.of(statements), ran -> null);
  }

  static <T> StatementWrite<T> of(Outcome<T> outcome, Statement... statements) {
    return new StatementWrite<>(List.of(statements), outcome);
  }

  static <T> StatementWrite<T> of(Outcome<T> outcome, List<Statement> statements) {
    return new StatementWrite<>(List.copyOf(statements), outcome);
  }

  static StatementWrite<Void> of(List<Statement> statements) {
    return of(ran -> null, statements);
  }

  @Override
  public T run(Connection connection) throws SQLException {
    Ran ran = new Ran(new int[statements.size()], new long[statements.size()]);
    for (int i = 0; i < statements.size(); i++) {
      Statement statement = statements.get(i);
      PreparedStatement prepared = prepared(connection, statement);
      Sql.bind(prepared, statement.parameters());
      ran.changed()[i] = prepared.executeUpdate();
      if (statement.returnsKey()) {
        ran.keys()[i] = keys(prepared, 1)[0];
      }
    }
    return outcome.of(ran);
  }

  /** The result, once its statements ran. */
  T outcome(Ran ran) {
    return outcome.of(ran);
  }

  /**
   * Runs the writes' statements, each distinct statement once as a batch of all its uses in the
   * writes' order, and returns what each write's statements did. Throws when any statement fails:
   * which write it belonged to is then found by running them one at a time.
   */
  static List<Ran> runTogether(Connection connection, List<StatementWrite<?>> writes) throws SQLException {
    Map<Batch, List<Use>> uses = new LinkedHashMap<>();
    List<Ran> ran = new ArrayList<>(writes.size());
    for (int w = 0; w < writes.size(); w++) {
      List<Statement> statements = writes.get(w).statements;
      ran.add(new Ran(new int[statements.size()], new long[statements.size()]));
      for (int s = 0; s < statements.size(); s++) {
        Statement statement = statements.get(s);
        uses.computeIfAbsent(new Batch(statement.sql(), statement.returnsKey()), batch -> new ArrayList<>())
            .add(new Use(w, s));
      }
    }
    for (List<Use> batched : uses.values()) {
      Statement first = writes.get(batched.get(0).write).statements.get(batched.get(0).statement);
      PreparedStatement batch = prepared(connection, first);
      for (Use use : batched) {
        Sql.bind(batch, writes.get(use.write).statements.get(use.statement).parameters());
        batch.addBatch();
      }
      int[] counts = batch.executeBatch();
      long[] keys = first.returnsKey() ? keys(batch, batched.size()) : null;
      for (int i = 0; i < counts.length; i++) {
        Use use = batched.get(i);
        ran.get(use.write).changed()[use.statement] = counts[i];
        if (keys != null) {
          ran.get(use.write).keys()[use.statement] = keys[i];
        }
      }
    }
    return ran;
  }

  private static PreparedStatement prepared(Connection connection, Statement statement) throws SQLException {
    return statement.returnsKey() ? Sql.preparedReturningKeys(connection, statement.sql())
        : Sql.prepared(connection, statement.sql());
  }

  /** The first column of the {@code count} rows the statement's inserts generated, in their order. */
  private static long[] keys(PreparedStatement statement, int count) throws SQLException {
    long[] keys = new long[count];
    try (ResultSet generated = statement.getGeneratedKeys()) {
      for (int i = 0; i < count; i++) {
        if (!generated.next()) {
          throw new SQLException("the driver returned " + i + " generated keys for " + count + " inserts");
        }
        keys[i] = generated.getLong(1);
      }
    }
    return keys;
  }

  /** What one JDBC batch runs: the same SQL prepared to return keys is another statement. */
  private record Batch(String sql, boolean returnsKey) {
  }

  /** Where one use of a statement comes from: the write's index and the statement's within it. */
  private record Use(int write, int statement) {
  }
}
