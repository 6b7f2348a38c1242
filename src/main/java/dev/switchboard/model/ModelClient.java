package dev.switchboard.model;

import io.vertx.core.Future;

/**
 * Talks to one model of one provider through the provider's API. A failed future always carries a
 * {@link ModelException} whose {@link ModelErrorClass} tells the chain what to do next.
 */
public interface ModelClient {

  Future<ModelReply> generate(ModelRequest request);
}
