package dev.switchboard.routing;

import dev.switchboard.config.ResolvedModel;
import dev.switchboard.model.ModelClient;
import dev.switchboard.model.ModelClientFactory;
import dev.switchboard.model.ModelErrorClass;
import dev.switchboard.model.ModelException;
import dev.switchboard.model.ModelReply;
import dev.switchboard.model.ModelRequest;
import dev.switchboard.bus.Usage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process {@link ModelClientFactory} whose clients play a script per model ref: each call takes
 * the next outcome, and the last outcome repeats. A ref without a script answers
 * {@code "answer from <ref>"}. Calls and the requests they carried are recorded per ref.
 */
final class ScriptedModels implements ModelClientFactory {

  /** What one call does. */
  @FunctionalInterface
  interface Outcome {
    Future<ModelReply> play(Vertx vertx, ModelRequest request);
  }

  private final Vertx vertx;
  private final Map<String, List<Outcome>> scripts = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final Map<String, List<ModelRequest>> requests = new ConcurrentHashMap<>();

  ScriptedModels(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Replaces the script of {@code ref}: these outcomes in order, then the last one forever. */
  ScriptedModels script(String ref, Outcome... outcomes) {
    scripts.put(ref, new CopyOnWriteArrayList<>(Arrays.asList(outcomes)));
    return this;
  }

  static Outcome text(String text) {
    return (vertx, request) -> Future.succeededFuture(new ModelReply(text, new Usage(10, 5)));
  }

  static Outcome error(ModelErrorClass errorClass) {
    return error(errorClass, null);
  }

  static Outcome error(ModelErrorClass errorClass, Duration retryAfter) {
    return (vertx, request) -> Future.failedFuture(
        new ModelException(errorClass, 0, retryAfter, "scripted " + errorClass.code()));
  }

  /** The outcome, after {@code delayMs} on a Vert.x timer. */
  static Outcome delayed(long delayMs, Outcome outcome) {
    return (vertx, request) -> vertx.timer(delayMs).compose(fired -> outcome.play(vertx, request));
  }

  /** Completes when the test completes {@code answer}: lets a test hold a call in flight. */
  static Outcome held(Promise<ModelReply> answer) {
    return (vertx, request) -> answer.future();
  }

  int calls(String ref) {
    AtomicInteger count = calls.get(ref);
    return count == null ? 0 : count.get();
  }

  List<ModelRequest> requests(String ref) {
    return List.copyOf(requests.getOrDefault(ref, List.of()));
  }

  @Override
  public ModelClient create(ResolvedModel model) {
    String ref = model.ref().toString();
    return request -> {
      int call = calls.computeIfAbsent(ref, r -> new AtomicInteger()).getAndIncrement();
      requests.computeIfAbsent(ref, r -> new CopyOnWriteArrayList<>()).add(request);
      List<Outcome> script = scripts.getOrDefault(ref, new ArrayList<>(List.of(text("answer from " + ref))));
      return script.get(Math.min(call, script.size() - 1)).play(vertx, request);
    };
  }
}
