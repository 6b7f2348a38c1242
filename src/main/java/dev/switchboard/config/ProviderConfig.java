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
 * @param maxConnections      concurrent requests to each server of the provider; more wait for a free connection
 * @param maxQueued           requests that may wait for a connection to one server; past that the
 *                            server is full and the chain tries another server, then the next model
 * @param baseUrls            every server of the provider ({@code baseUrls}), or {@code baseUrl} alone;
 *                            {@code baseUrl} is the first
 */
public record ProviderConfig(String id, String baseUrl, String apiKey, String unavailableReason, ModelApi api,
                             long connectTimeoutMs, long firstTokenTimeoutMs, long idleTimeoutMs, boolean stream,
                             Map<String, String> headers, boolean warmup, int breakerMaxFailures,
                             long breakerResetMs, int maxConnections, List<ModelDefinition> models,
                             int maxQueued, List<String> baseUrls) {

  public static final int DEFAULT_MAX_CONNECTIONS = 64;
  public static final int DEFAULT_MAX_QUEUED = 10_000;

  /** A provider with one server. */
  public ProviderConfig(String id, String baseUrl, String apiKey, String unavailableReason, ModelApi api,
                        long connectTimeoutMs, long firstTokenTimeoutMs, long idleTimeoutMs, boolean stream,
                        Map<String, String> headers, boolean warmup, int breakerMaxFailures,
                        long breakerResetMs, int maxConnections, List<ModelDefinition> models) {
    this(id, baseUrl, apiKey, unavailableReason, api, connectTimeoutMs, firstTokenTimeoutMs, idleTimeoutMs, stream,
        headers, warmup, breakerMaxFailures, breakerResetMs, maxConnections, models, DEFAULT_MAX_QUEUED,
        List.of(baseUrl));
  }

  /** The same provider reduced to one of its servers: what one server's client and pool are made from. */
  public ProviderConfig server(String url) {
    return new ProviderConfig(id, url, apiKey, unavailableReason, api, connectTimeoutMs, firstTokenTimeoutMs,
        idleTimeoutMs, stream, headers, warmup, breakerMaxFailures, breakerResetMs, maxConnections, models,
        maxQueued, List.of(url));
  }

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
