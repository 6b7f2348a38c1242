package dev.switchboard.routing;

import dev.switchboard.config.ModelCatalog;
import dev.switchboard.config.ResolvedModel;
import dev.switchboard.bus.ChatMessage;
import dev.switchboard.model.ModelRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * {@code warmup: true} on a provider: when the bridge starts (not a one-shot command), each of its models in the chain gets one short
 * request, so that a local server with just-in-time loading (LM Studio) loads the model before the
 * first user waits for it. The outcome counts in the model's breaker like any request: a server that
 * is down is known before the first message.
 */
final class ModelWarmup {

  static final String PROMPT = "Reply with OK.";

  private static final Logger LOG = LoggerFactory.getLogger(ModelWarmup.class);

  private ModelWarmup() {
  }

  static void start(ModelChain chain, ModelCatalog catalog) {
    for (ResolvedModel model : catalog.chain()) {
      if (!model.available() || !model.provider().warmup()) {
        continue;
      }
      long started = System.nanoTime();
      long deadline = System.currentTimeMillis() + model.provider().firstTokenTimeoutMs()
          + model.provider().idleTimeoutMs();
      chain.run(new ModelRequest(null, List.of(ChatMessage.user(PROMPT)), deadline), model)
          .onSuccess(reply -> LOG.info("warm-up: {} answered in {} ms", model.ref(),
              (System.nanoTime() - started) / 1_000_000))
          .onFailure(failure -> LOG.warn("warm-up: {} did not answer: {}", model.ref(), failure.getMessage()));
    }
  }
}
