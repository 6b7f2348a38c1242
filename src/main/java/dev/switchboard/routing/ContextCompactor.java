package dev.switchboard.routing;

import dev.switchboard.config.ResolvedModel;
import dev.switchboard.model.ModelRequest;
import io.vertx.core.Future;

/**
 * Shrinks a request that does not fit a model's context window, for one retry on that model. It
 * returns a Future so that an implementation may summarise older turns with a model.
 */
@FunctionalInterface
public interface ContextCompactor {

  /**
   * A request that should fit {@code target}; the same request (or one as long) when nothing can be
   * removed, in which case the chain moves on instead of retrying.
   */
  Future<ModelRequest> compact(ModelRequest request, ResolvedModel target);
}
