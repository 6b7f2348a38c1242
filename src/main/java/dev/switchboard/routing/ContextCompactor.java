package dev.switchboard.routing;

import dev.switchboard.config.ResolvedModel;
import dev.switchboard.model.ModelRequest;
import io.vertx.core.Future;

/**
 * Shrinks a request for one model: before the call when its estimate does not fit the model's window
 * ({@link ContextBudget}), and once after the backend answered with a context overflow. It returns a
 * Future so that an implementation may summarise older turns with a model.
 */
@FunctionalInterface
public interface ContextCompactor {

  /**
   * A request that should fit {@code target}; the same request (or one as long) when nothing can be
   * removed, in which case the chain moves on instead of retrying.
   */
  Future<ModelRequest> compact(ModelRequest request, ResolvedModel target);
}
