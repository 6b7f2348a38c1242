package dev.switchboard.routing;

import dev.switchboard.config.ModelRef;
import dev.switchboard.ops.Metrics;

/**
 * The chain's series in the shared {@link Metrics} registry. Labels are model refs from the
 * configuration and outcome codes from fixed sets, so their cardinality is bounded.
 */
final class ChainMetrics {

  static final String OK = "ok";

  private final Metrics.Counters turns;
  private final Metrics.Latencies turnLatency;
  private final Metrics.Counters calls;
  private final Metrics.Counters failovers;
  private final Metrics.Latencies latency;

  ChainMetrics(Metrics metrics) {
    turns = metrics.counter("switchboard_turns_total", "Turns through the model chain, by outcome.", "outcome");
    turnLatency = metrics.latency("switchboard_turn_seconds",
        "Time of turns through the model chain, every attempt and failover included.", "outcome");
    calls = metrics.counter("switchboard_model_calls_total", "Requests sent to a model, by outcome.",
        "model", "outcome");
    failovers = metrics.counter("switchboard_model_failover_total", "Moves from one model of the chain to the next.",
        "from", "to", "reason");
    latency = metrics.latency("switchboard_model_call_seconds", "Time of requests sent to a model.", "model");
  }

  void turn(String outcome, long startedNanos) {
    turns.increment(outcome);
    turnLatency.since(startedNanos, outcome);
  }

  void call(ModelRef model, String outcome, long startedNanos) {
    String ref = model.toString();
    calls.increment(ref, outcome);
    latency.since(startedNanos, ref);
  }

  void failover(ModelRef from, ModelRef to, String reason) {
    failovers.increment(from.toString(), to.toString(), reason);
  }
}
