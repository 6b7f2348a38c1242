package dev.switchboard.routing;

import dev.switchboard.store.SessionPreferences;
import io.vertx.core.Future;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link SessionPreferences} in memory. Thread-safe, so router instances on several event loops may
 * share it; lost on restart.
 */
public final class InMemorySessionPreferences implements SessionPreferences {

  private final Map<String, String> models = new ConcurrentHashMap<>();

  @Override
  public Future<String> model(String sessionKey) {
    return Future.succeededFuture(models.get(sessionKey));
  }

  @Override
  public Future<Void> setModel(String sessionKey, String modelOrNull) {
    if (modelOrNull == null) {
      models.remove(sessionKey);
    } else {
      models.put(sessionKey, modelOrNull);
    }
    return Future.succeededFuture();
  }
}
