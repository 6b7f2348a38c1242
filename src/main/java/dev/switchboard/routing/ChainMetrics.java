package dev.switchboard.routing;

import dev.switchboard.config.ModelRef;
import dev.switchboard.ops.Metrics;

/**
 * The chain's series in the shared {@link Metrics} registry. Labels are model refs from the
 * configuration and outcome codes from fixed sets, so their cardinality is bounded.
 */
final class ChainMetrics {

  static final String OK = "ok";

  private final Metrics.Counter turns;
  private final Metrics.Counter calls;
  private final Metrics.Counter failovers;
  private final Metrics.Summary latency;

  ChainMetrics(Metrics metrics) {
    turns = metrics.counter("switchboard_turns_total", "Turns through the model chain, by outcome.", "outcome");
    calls = metrics.counter("switchboard_model_calls_total", "Requests sent to a model, by outcome.",
        "model", "outcome");
    failovers = metrics.counter("switchboard_model_failover_total", "Moves from one model of the chain to the next.",
        "from", "to", "reason");
    latency = metrics.summary("switchboard_model_call_seconds", "Time of requests sent to a model, in seconds.",
        "model");
  }

  void turn(String outcome) {
    turns.increment(outcome);
  }

  void call(ModelRef model, String outcome, long startedNanos) {
    String ref = model.toString();
    calls.increment(ref, outcome);
    latency.observe((System.nanoTime() - startedNanos) / 1e9, ref);
  }

  void failover(ModelRef from, ModelRef to, String reason) {
    failovers.increment(from.toString(), to.toString(), reason);
  }
}
