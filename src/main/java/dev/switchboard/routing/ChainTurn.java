package dev.switchboard.routing;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.AskFailure;
import dev.switchboard.config.ModelRef;
import dev.switchboard.config.ResolvedModel;
import dev.switchboard.model.ModelErrorClass;
import dev.switchboard.model.ModelException;
import dev.switchboard.model.ModelReply;
import dev.switchboard.model.ModelRequest;
import dev.switchboard.bus.Usage;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One run of the chain: walks the candidates in order and applies DESIGN.md §4 to each outcome. Lives
 * for one turn, so a fallback never outlasts it.
 */
final class ChainTurn {

  private static final Logger LOG = LoggerFactory.getLogger(ModelChain.class);
  private static final String CONTEXT_OVERFLOW = ModelErrorClass.CONTEXT_OVERFLOW.code();

  private final Vertx vertx;
  private final ModelHealth health;
  private final ContextCompactor compactor;
  private final ChainMetrics metrics;
  private final ModelRequest request;
  private final List<ResolvedModel> candidates;
  /** Where the answer's text goes as it streams, or null. */
  private final VisiblePieces visibleText;
  /** Set by the first piece of text passed on: from then on the turn is that model's, no failover. */
  private boolean answerStarted;
  private final List<String> outcomes = new ArrayList<>();
  /** The servers of the current candidate already tried in this turn: the next attempt goes to another. */
  private final Set<ModelServer> tried = new HashSet<>();
  /** The last compaction that fitted its model, reused by later candidates it fits. */
  private ModelRequest fittedCompaction;
  /** Once a model overflowed, only models with a larger window are worth a request. */
  private int overflowedWindow;
  private boolean onlyContextOutcomes = true;

  ChainTurn(Vertx vertx, ModelHealth health, ContextCompactor compactor, ChainMetrics metrics, ModelRequest request,
            List<ResolvedModel> candidates, VisiblePieces visibleText) {
    this.vertx = vertx;
    this.health = health;
    this.compactor = compactor;
    this.metrics = metrics;
    this.request = request;
    this.candidates = candidates;
    this.visibleText = visibleText;
  }

  Future<ChainReply> run() {
    return from(0);
  }

  private Future<ChainReply> from(int index) {
    if (remainingMs() <= 0) {
      return deadlinePassed();
    }
    if (index >= candidates.size()) {
      return Future.failedFuture(exhausted());
    }
    ResolvedModel model = candidates.get(index);
    ModelHealth.Skip skip = health.skip(model);
    if (skip != null) {
      return skipOver(index, skip.reason(), skip.detail());
    }
    if (model.definition().contextWindow() <= overflowedWindow) {
      return skipOver(index, CONTEXT_OVERFLOW, "context window not larger than one that overflowed");
    }
    if (ContextBudget.fits(model, request)) {
      return attempt(index, request, false, false);
    }
    // A compaction made for an earlier candidate serves this one too when it fits: no second summary.
    if (fittedCompaction != null && ContextBudget.fits(model, fittedCompaction)) {
      return attempt(index, fittedCompaction, true, false);
    }
    return compactor.compact(request, model).compose(smaller -> {
      if (ContextBudget.fits(model, smaller)) {
        fittedCompaction = smaller;
        return attempt(index, smaller, true, false);
      }
      // Still too long for this model: a later one that takes it all beats a request bound to overflow.
      if (laterCandidateFits(index)) {
        return skipOver(index, CONTEXT_OVERFLOW,
            "about " + ContextBudget.estimatedTokens(smaller) + " tokens do not fit its window");
      }
      return attempt(index, smaller, true, false);
    });
  }

  private Future<ChainReply> attempt(int index, ModelRequest sent, boolean compacted, boolean retriedAfter429) {
    ResolvedModel model = candidates.get(index);
    long remainingMs = remainingMs();
    if (remainingMs <= 0) {
      return deadlinePassed();
    }
    ModelServer server = health.pick(model, tried);
    if (server == null) {
      // Every server changed state since the turn looked (a summary request just failed), or is full.
      ModelHealth.Skip skip = health.skip(model);
      return skip != null ? passOver(index, skip.reason(), skip.detail())
          : passOver(index, "breaker_open", "breaker half-open, its probe is in flight");
    }
    tried.add(server);
    long started = System.nanoTime();
    Consumer<String> streamed = visibleText == null ? null : piece -> {
      answerStarted = true;
      visibleText.accept(piece, model.ref(), fallbackFrom(index));
    };
    return within(remainingMs, health.call(server, sent, streamed)).transform(outcome -> {
      if (outcome.succeeded()) {
        return answered(index, sent, outcome.result(), started);
      }
      Throwable cause = outcome.cause();
      if (answerStarted) {
        return brokeOff(model, cause, started);
      }
      if (cause instanceof OpenCircuitException) {
        // Half-open and its probe is in flight: another server of the model, else the next model.
        return nextServerOr(index, sent, compacted, retriedAfter429, "breaker_open",
            "breaker half-open, its probe is in flight");
      }
      // Clients fail only with ModelException, so a bare TimeoutException is the turn's own deadline.
      if (cause instanceof TimeoutException) {
        metrics.call(model.ref(), ModelErrorClass.DEADLINE.code(), started);
        return deadlinePassed();
      }
      ModelException failure = cause instanceof ModelException e
          ? e : new ModelException(ModelErrorClass.MALFORMED, String.valueOf(cause.getMessage()));
      metrics.call(model.ref(), failure.errorClass().code(), started);
      return failed(index, server, sent, failure, compacted, retriedAfter429);
    });
  }

  /**
   * The model failed after part of its answer reached the user: another model's (or server's) text
   * must not be glued to it, so the turn fails here (DESIGN.md §15).
   */
  private Future<ChainReply> brokeOff(ResolvedModel model, Throwable cause, long started) {
    String code = cause instanceof ModelException e ? e.errorClass().code()
        : cause instanceof TimeoutException ? ModelErrorClass.DEADLINE.code() : ModelErrorClass.MALFORMED.code();
    metrics.call(model.ref(), code, started);
    LOG.warn("{} broke off its streamed answer ({}): the turn ends without failover", model.ref(), code);
    AskFailure failure = cause instanceof TimeoutException ? AskFailure.TIMEOUT : AskFailure.UNAVAILABLE;
    return Future.failedFuture(new ChainException(failure, model.ref() + " broke off its answer: " + cause.getMessage()));
  }

  /**
   * After one server of the candidate failed: another server of it that can answer gets the request
   * (the chain moves on only when no server of the provider can), else the next candidate.
   */
  private Future<ChainReply> nextServerOr(int index, ModelRequest sent, boolean compacted, boolean retriedAfter429,
                                          String reason, String detail) {
    ResolvedModel model = candidates.get(index);
    if (health.pick(model, tried) != null) {
      LOG.info("model {}: {} on one server, trying another server", model.ref(), reason);
      return attempt(index, sent, compacted, retriedAfter429);
    }
    return passOver(index, reason, detail);
  }

  private Future<ChainReply> answered(int index, ModelRequest sent, ModelReply reply, long started) {
    ResolvedModel model = candidates.get(index);
    if (reply.text() == null || reply.text().isBlank()) {
      metrics.call(model.ref(), ModelErrorClass.EMPTY_REPLY.code(), started);
      return passOver(index, ModelErrorClass.EMPTY_REPLY.code(), "empty reply");
    }
    metrics.call(model.ref(), ChainMetrics.OK, started);
    Usage usage = reply.usage() == null ? Usage.NONE : reply.usage();
    return Future.succeededFuture(new ChainReply(reply.text(), model.ref(), fallbackFrom(index), usage, sent));
  }

  /** The primary when the candidate at {@code index} is a fallback, else null. */
  private ModelRef fallbackFrom(int index) {
    return index == 0 ? null : candidates.get(0).ref();
  }

  private Future<ChainReply> failed(int index, ModelServer server, ModelRequest sent, ModelException failure,
                                    boolean compacted, boolean retriedAfter429) {
    ResolvedModel model = candidates.get(index);
    ModelErrorClass errorClass = failure.errorClass();
    if (!errorClass.failsOver()) {
      return errorClass == ModelErrorClass.DEADLINE
          ? deadlinePassed()
          : Future.failedFuture(new ChainException(AskFailure.INVALID_REQUEST,
              model.ref() + " rejected the request: " + failure.getMessage()));
    }
    switch (errorClass) {
      case RATE_LIMITED:
        return rateLimited(index, server, sent, failure, compacted, retriedAfter429);
      case CONTEXT_OVERFLOW:
        return overflowed(index, sent, compacted, retriedAfter429);
      case AUTH:
        LOG.error("config error: {} refused its credentials or quota ({}); disabled for {} min", model.ref(),
            failure.getMessage(), TimeUnit.MILLISECONDS.toMinutes(ModelChain.AUTH_DISABLED_MS));
        health.disable(server, ModelChain.AUTH_DISABLED_MS, ModelHealth.describe(failure));
        break;
      case MODEL_NOT_FOUND:
        LOG.warn("{} is not loaded or does not exist ({}); disabled for {} min", model.ref(), failure.getMessage(),
            TimeUnit.MILLISECONDS.toMinutes(ModelChain.MODEL_NOT_FOUND_DISABLED_MS));
        health.disable(server, ModelChain.MODEL_NOT_FOUND_DISABLED_MS, ModelHealth.describe(failure));
        break;
      case CONNECTION:
        // Nothing answered the connect: the server is down. A connection that broke after the request
        // was sent (BROKEN) means it was up a moment ago, so it only counts like a 5xx.
        server.openNow();
        break;
      default:
        break;
    }
    return nextServerOr(index, sent, compacted, retriedAfter429, errorClass.code(), ModelHealth.describe(failure));
  }

  private Future<ChainReply> rateLimited(int index, ModelServer server, ModelRequest sent, ModelException failure,
                                         boolean compacted, boolean retriedAfter429) {
    long waitMs = failure.retryAfter() == null ? -1 : failure.retryAfter().toMillis();
    if (!retriedAfter429 && waitMs >= 0 && waitMs <= ModelChain.RATE_LIMIT_RETRY_MAX_MS && waitMs < remainingMs()) {
      // The same server again, after its short Retry-After.
      tried.remove(server);
      return vertx.timer(waitMs).compose(waited -> attempt(index, sent, compacted, true));
    }
    health.coolDown(server, waitMs >= 0 ? waitMs : ModelChain.DEFAULT_RATE_LIMIT_COOLDOWN_MS);
    return nextServerOr(index, sent, compacted, retriedAfter429, ModelErrorClass.RATE_LIMITED.code(),
        ModelHealth.describe(failure));
  }

  private Future<ChainReply> overflowed(int index, ModelRequest sent, boolean compacted, boolean retriedAfter429) {
    ResolvedModel model = candidates.get(index);
    if (compacted) {
      return overflowedForGood(index, model);
    }
    // A shorter request to the same model: the server that overflowed is as good as any for it.
    tried.clear();
    return compactor.compact(sent, model).compose(smaller -> smaller.characterCount() < sent.characterCount()
        ? attempt(index, smaller, true, retriedAfter429)
        : overflowedForGood(index, model));
  }

  private Future<ChainReply> overflowedForGood(int index, ResolvedModel model) {
    overflowedWindow = Math.max(overflowedWindow, model.definition().contextWindow());
    return passOver(index, CONTEXT_OVERFLOW, "the conversation exceeds its context window");
  }

  /**
   * Passes over a model this turn did not call (its breaker is open, it is disabled, cooling down,
   * unavailable, or too small): the state change was logged when it happened, so this is DEBUG,
   * not a WARN on every turn while the primary is down.
   */
  private Future<ChainReply> skipOver(int index, String reason, String detail) {
    return passOver(index, reason, detail, false);
  }

  private Future<ChainReply> passOver(int index, String reason, String detail) {
    return passOver(index, reason, detail, true);
  }

  /** Records why the model did not answer, announces the failover to the next candidate, and goes on. */
  private Future<ChainReply> passOver(int index, String reason, String detail, boolean called) {
    tried.clear();
    ModelRef from = candidates.get(index).ref();
    outcomes.add(from + ": " + detail);
    onlyContextOutcomes &= CONTEXT_OVERFLOW.equals(reason);
    if (index + 1 < candidates.size()) {
      ModelRef to = candidates.get(index + 1).ref();
      if (called) {
        LOG.warn("failover from={} to={} reason={}", from, to, reason);
      } else {
        LOG.debug("failover from={} to={} reason={}", from, to, reason);
      }
      metrics.failover(from, to, reason);
      vertx.eventBus().publish(Addresses.EVENTS, new JsonObject().put("type", "failover")
          .put("from", from.toString()).put("to", to.toString()).put("reason", reason));
    }
    return from(index + 1);
  }

  private boolean laterCandidateFits(int index) {
    for (ResolvedModel later : candidates.subList(index + 1, candidates.size())) {
      if (health.skip(later) == null && later.definition().contextWindow() > overflowedWindow && ContextBudget.fits(later, request)) {
        return true;
      }
    }
    return false;
  }

  private long remainingMs() {
    return request.deadlineAtMillis() - System.currentTimeMillis();
  }

  /**
   * The call, failed with a {@link TimeoutException} if it has not ended within {@code ms}. The timer is
   * the turn's own event loop's: {@code Future.timeout} on a future with no context (as a breaker's is)
   * schedules on Netty's single global thread, so every model call paid two cross-thread hand-offs and a
   * wake-up of that thread (DESIGN.md §12).
   */
  private <T> Future<T> within(long ms, Future<T> call) {
    Promise<T> bounded = Promise.promise();
    long timer = vertx.setTimer(ms, id -> bounded.tryFail(new TimeoutException("no answer within " + ms + " ms")));
    call.onComplete((result, failure) -> {
      vertx.cancelTimer(timer);
      if (failure == null) {
        bounded.tryComplete(result);
      } else {
        bounded.tryFail(failure);
      }
    });
    return bounded.future();
  }

  private Future<ChainReply> deadlinePassed() {
    String tried = outcomes.isEmpty() ? "" : " (" + String.join("; ", outcomes) + ")";
    return Future.failedFuture(new ChainException(AskFailure.TIMEOUT, "no answer within the turn's time limit" + tried));
  }

  private ChainException exhausted() {
    String each = String.join("; ", outcomes);
    if (onlyContextOutcomes && !outcomes.isEmpty()) {
      return new ChainException(AskFailure.CONTEXT_OVERFLOW, "the conversation is too long for every model: " + each);
    }
    return new ChainException(AskFailure.UNAVAILABLE, "no model could answer: " + each);
  }
}
