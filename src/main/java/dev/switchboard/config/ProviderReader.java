package dev.switchboard.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code models.providers.<id>}: OpenClaw's provider format plus Switchboard's deadlines and
 * breaker settings, whose defaults differ for local servers (which may be loading a model for
 * minutes) and hosted APIs (which fail fast or not at all).
 */
final class ProviderReader {

  static final long LOCAL_CONNECT_TIMEOUT_MS = 1_000;
  static final long LOCAL_FIRST_TOKEN_TIMEOUT_MS = 300_000;
  static final long LOCAL_IDLE_TIMEOUT_MS = 30_000;
  static final int LOCAL_BREAKER_MAX_FAILURES = 3;
  static final long LOCAL_BREAKER_RESET_MS = 30_000;
  static final long HOSTED_CONNECT_TIMEOUT_MS = 5_000;
  static final long HOSTED_FIRST_TOKEN_TIMEOUT_MS = 60_000;
  static final long HOSTED_IDLE_TIMEOUT_MS = 60_000;
  static final int HOSTED_BREAKER_MAX_FAILURES = 5;
  static final long HOSTED_BREAKER_RESET_MS = 60_000;

  private static final String[] PROVIDER_KEYS = {"baseUrl", "baseUrls", "maxQueued", "apiKey", "api", "headers", "models", "maxTokens",
      "timeoutSeconds", "connectTimeoutMs", "firstTokenTimeoutMs", "idleTimeoutMs", "stream", "warmup",
      "breakerMaxFailures", "breakerResetMs", "maxConnections",
      // OpenClaw keys with no meaning here: accepted so that OpenClaw configs load unchanged.
      "auth", "authHeader", "injectNumCtxForOpenAICompat", "request", "localService", "params", "agentRuntime"};
  private static final String[] MODEL_KEYS = {"id", "name", "reasoning", "input", "cost", "contextWindow",
      "contextTokens", "maxTokens", "compat", "headers", "reasoningTags"};

  private ProviderReader() {
  }

  /** Reads one provider from its layers: the file's entry first, then the built-in one, if any. */
  static ProviderConfig read(String id, LayeredNode provider) {
    provider.allowOnly(PROVIDER_KEYS);
    List<String> baseUrls = servers(provider);
    String baseUrl = baseUrls.get(0);
    boolean local = true;
    for (int i = 0; i < baseUrls.size(); i++) {
      local &= isLocal(baseUrls.get(i), serversPath(provider, i));
    }

    String apiKey = null;
    String unavailable = null;
    ConfigNode keyLayer = provider.at("apiKey");
    if (keyLayer.has("apiKey")) {
      apiKey = keyLayer.secret("apiKey").orElse(null);
      if (apiKey == null) {
        unavailable = keyLayer.missingReason("apiKey");
      }
    }
    ModelApi api = provider.at("api").oneOf("api", ModelApi.byConfigName(), ModelApi.OPENAI_COMPLETIONS);

    // OpenClaw's single timeoutSeconds bounds connect, first byte and idle alike.
    ConfigNode timeoutLayer = provider.at("timeoutSeconds");
    long legacyTimeoutMs = timeoutLayer.number("timeoutSeconds", 0, 0, 86_400) * 1000;
    long connect = provider.at("connectTimeoutMs").number("connectTimeoutMs",
        local ? LOCAL_CONNECT_TIMEOUT_MS : HOSTED_CONNECT_TIMEOUT_MS, 1, 600_000);
    long firstToken = provider.at("firstTokenTimeoutMs").number("firstTokenTimeoutMs", legacyTimeoutMs > 0
        ? legacyTimeoutMs : local ? LOCAL_FIRST_TOKEN_TIMEOUT_MS : HOSTED_FIRST_TOKEN_TIMEOUT_MS, 1, 86_400_000);
    long idle = provider.at("idleTimeoutMs").number("idleTimeoutMs", legacyTimeoutMs > 0
        ? legacyTimeoutMs : local ? LOCAL_IDLE_TIMEOUT_MS : HOSTED_IDLE_TIMEOUT_MS, 1, 86_400_000);
    int maxFailures = provider.at("breakerMaxFailures").integer("breakerMaxFailures",
        local ? LOCAL_BREAKER_MAX_FAILURES : HOSTED_BREAKER_MAX_FAILURES, 1, 1000);
    long resetMs = provider.at("breakerResetMs").number("breakerResetMs",
        local ? LOCAL_BREAKER_RESET_MS : HOSTED_BREAKER_RESET_MS, 100, 86_400_000);
    int providerMaxTokens = provider.at("maxTokens").integer("maxTokens", ModelDefinition.DEFAULT_MAX_TOKENS, 16,
        10_000_000);

    Map<String, String> headers = new LinkedHashMap<>();
    for (ConfigNode layer : reversed(provider.layers())) {
      headers.putAll(layer.stringMap("headers"));
    }
    List<ModelDefinition> models = readModels(provider, providerMaxTokens);
    if (models.isEmpty()) {
      throw new ConfigException(provider.at("models").pathOf("models"), "provider \"" + id + "\" lists no models");
    }
    return new ProviderConfig(id, baseUrl, apiKey, unavailable, api, connect, firstToken, idle,
        provider.at("stream").bool("stream", true), Map.copyOf(headers), provider.at("warmup").bool("warmup", false),
        maxFailures, resetMs, provider.at("maxConnections").integer("maxConnections",
            ProviderConfig.DEFAULT_MAX_CONNECTIONS, 1, 100_000), List.copyOf(models),
        provider.at("maxQueued").integer("maxQueued", ProviderConfig.DEFAULT_MAX_QUEUED, 0, 1_000_000), baseUrls);
  }

  /**
   * {@code baseUrls} (several servers of the same models) or {@code baseUrl} (one), from the layer
   * that names either first: the file's entry overrides the built-in one, whichever key it uses.
   */
  private static List<String> servers(LayeredNode provider) {
    ConfigNode urlsLayer = provider.at("baseUrls");
    ConfigNode urlLayer = provider.at("baseUrl");
    boolean fileNamesUrls = urlsLayer.has("baseUrls")
        && (!urlLayer.has("baseUrl") || provider.layers().indexOf(urlsLayer) <= provider.layers().indexOf(urlLayer));
    if (!fileNamesUrls) {
      return List.of(stripTrailingSlash(urlLayer.string("baseUrl")));
    }
    if (urlsLayer.has("baseUrl")) {
      throw new ConfigException(urlsLayer.pathOf("baseUrls"), "give baseUrl (one server) or baseUrls (several), not both");
    }
    List<String> urls = urlsLayer.strings("baseUrls");
    if (urls.isEmpty()) {
      throw new ConfigException(urlsLayer.pathOf("baseUrls"), "lists no server");
    }
    List<String> stripped = urls.stream().map(ProviderReader::stripTrailingSlash).toList();
    if (stripped.stream().distinct().count() < stripped.size()) {
      throw new ConfigException(urlsLayer.pathOf("baseUrls"), "lists a server twice");
    }
    return stripped;
  }

  private static String serversPath(LayeredNode provider, int index) {
    ConfigNode urlsLayer = provider.at("baseUrls");
    return urlsLayer.has("baseUrls") ? urlsLayer.pathOf("baseUrls") + "[" + index + "]"
        : provider.at("baseUrl").pathOf("baseUrl");
  }

  /** Models merged by id across layers, the file's fields winning, in first-seen order. */
  private static List<ModelDefinition> readModels(LayeredNode provider, int defaultMaxTokens) {
    Map<String, List<ConfigNode>> byId = new LinkedHashMap<>();
    for (ConfigNode layer : reversed(provider.layers())) {
      Set<String> seenInLayer = new java.util.HashSet<>();
      for (ConfigNode model : layer.objects("models")) {
        model.allowOnly(MODEL_KEYS);
        String id = model.string("id");
        if (!seenInLayer.add(id)) {
          throw new ConfigException(model.pathOf("id"), "model \"" + id + "\" is listed twice");
        }
        byId.computeIfAbsent(id, k -> new ArrayList<>()).add(0, model);
      }
    }
    List<ModelDefinition> models = new ArrayList<>();
    byId.forEach((id, layers) -> {
      LayeredNode model = new LayeredNode(layers);
      int window = model.at("contextWindow").integer("contextWindow", ModelDefinition.DEFAULT_CONTEXT_WINDOW, 256,
          100_000_000);
      int cap = model.at("contextTokens").integer("contextTokens", window, 256, 100_000_000);
      int maxTokens = model.at("maxTokens").integer("maxTokens", defaultMaxTokens, 16, 10_000_000);
      int effectiveWindow = Math.min(window, cap);
      if (maxTokens >= effectiveWindow) {
        throw new ConfigException(model.at("maxTokens").pathOf("maxTokens"),
            maxTokens + " leaves no room for the prompt in a context window of " + effectiveWindow);
      }
      models.add(new ModelDefinition(id, model.at("name").string("name", id),
          model.at("reasoning").bool("reasoning", false), effectiveWindow, maxTokens, input(model.at("input")),
          model.at("reasoningTags").oneOf("reasoningTags", ReasoningTags.byConfigName(), ReasoningTags.PAIRED)));
    });
    return models;
  }

  /**
   * OpenClaw's {@code input}, {@code ["text"]} or {@code ["text", "image"]}; text-only when absent.
   * Other kinds OpenClaw may list are kept but mean nothing here: only {@code "image"} changes a request.
   */
  private static Set<String> input(ConfigNode layer) {
    return layer.has("input") ? Set.copyOf(layer.strings("input")) : Set.of("text");
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** Loopback and private addresses get local-server defaults. */
  private static boolean isLocal(String baseUrl, String path) {
    URI uri;
    try {
      uri = URI.create(baseUrl);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(path, "\"" + baseUrl + "\" is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new ConfigException(path, "\"" + baseUrl + "\" must be an http:// or https:// URL with a host");
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    return host.equals("localhost") || host.equals("host.docker.internal") || host.endsWith(".local")
        || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1") || host.startsWith("10.")
        || host.startsWith("192.168.") || host.matches("172\\.(1[6-9]|2\\d|3[01])\\..*");
  }

  private static <T> List<T> reversed(List<T> list) {
    List<T> copy = new ArrayList<>(list);
    java.util.Collections.reverse(copy);
    return copy;
  }
}
