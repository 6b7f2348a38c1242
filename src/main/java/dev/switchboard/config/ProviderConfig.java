package dev.switchboard.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One backend: where it is, how to talk to it, the deadlines that apply to its requests and the
 * models it serves.
 *
 * @param apiKey              the key, or null when the provider needs none or its key is missing
 * @param unavailableReason   why the provider cannot be used (its key's variable is unset), or null
 * @param connectTimeoutMs    TCP connect deadline, in milliseconds
 * @param firstTokenTimeoutMs deadline for the first generated token after the request is sent, in milliseconds;
 *                            long for local servers, which may be loading the model
 * @param idleTimeoutMs       longest silence allowed once the answer has started, in milliseconds
 * @param breakerMaxFailures  failures with no success between them that open the model's breaker
 * @param breakerResetMs      how long an open breaker waits before letting one probe through, in milliseconds
 * @param warmup              whether the chain's models of this provider get a one-line request at start,
 *                            so that a local server loads the model before the first user waits for it
 * @param maxConnections      concurrent requests to the provider; more wait for a free connection
 */
public record ProviderConfig(String id, String baseUrl, String apiKey, String unavailableReason, ModelApi api,
                             long connectTimeoutMs, long firstTokenTimeoutMs, long idleTimeoutMs, boolean stream,
                             Map<String, String> headers, boolean warmup, int breakerMaxFailures,
                             long breakerResetMs, int maxConnections, List<ModelDefinition> models) {

  public static final int DEFAULT_MAX_CONNECTIONS = 64;

  public boolean available() {
    return unavailableReason == null;
  }

  public Optional<ModelDefinition> model(String modelId) {
    return models.stream().filter(m -> m.id().equals(modelId)).findFirst();
  }

  /** Keys and tokens masked: this record reaches logs and error messages. */
  @Override
  public String toString() {
    return Redaction.render(this);
  }
}
