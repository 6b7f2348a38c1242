package dev.switchboard.model;

import io.vertx.core.Future;

import java.util.function.Consumer;

/**
 * Talks to one model of one provider through the provider's API. A failed future always carries a
 * {@link ModelException} whose {@link ModelErrorClass} tells the chain what to do next.
 */
public interface ModelClient {

  Future<ModelReply> generate(ModelRequest request);

  /**
   * The same, handing each piece of the final text to {@code visibleText} as soon as it is known to
   * be visible (reasoning never is), on the client's context, in order; the pieces add up to the
   * reply's text. A client that cannot stream hands the whole text over once, when it has it.
   */
  default Future<ModelReply> generate(ModelRequest request, Consumer<String> visibleText) {
    return generate(request).onSuccess(reply -> visibleText.accept(reply.text()));
  }
}
