package dev.switchboard.model;

import dev.switchboard.config.ProviderConfig;
import dev.switchboard.config.ResolvedModel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes {@link ModelClient}s, sharing one connection pool per provider; pools are created on first
 * use and released by {@link #close()}.
 *
 * <p>Create it on the Vert.x context that will use it (typically in a verticle's {@code start()})
 * and call it from there only: it is not thread-safe, and every request, timer and callback of its
 * clients runs on that context. A call from another thread is moved onto that context, and its
 * future then completes there.
 */
public final class ModelClients implements ModelClientFactory {

  private final Vertx vertx;
  /** Keyed by the whole provider config: a provider configured anew (a reload) gets its own pool. */
  private final Map<ProviderConfig, ProviderTransport> transports = new HashMap<>();

  public ModelClients(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public ModelClient create(ResolvedModel model) {
    ProviderTransport transport = transport(model.provider());
    return switch (model.provider().api()) {
      case OPENAI_RESPONSES -> new ResponsesClient(model, transport);
      case OPENAI_COMPLETIONS -> new ChatCompletionsClient(model, transport);
      case ANTHROPIC_MESSAGES -> new AnthropicMessagesClient(model, transport);
    };
  }

  /** Closes every provider's connection pool. */
  public Future<Void> close() {
    List<Future<Void>> closing = new ArrayList<>();
    for (ProviderTransport transport : transports.values()) {
      closing.add(transport.close());
    }
    transports.clear();
    return Future.all(closing).mapEmpty();
  }

  private ProviderTransport transport(ProviderConfig provider) {
    return transports.computeIfAbsent(provider, config -> new ProviderTransport(vertx, config));
  }
}
