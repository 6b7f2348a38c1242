package dev.switchboard.model;

import dev.switchboard.config.ModelApi;
import dev.switchboard.config.ProviderConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The HTTP side of one provider: one keep-alive connection pool, its authentication headers and
 * the deadlines of {@link ProviderConfig}. Every exchange runs on the context the transport was
 * created on, so its callbacks and timers never race.
 */
final class ProviderTransport {

  static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
  static final String ANTHROPIC_VERSION = "2023-06-01";

  private final Vertx vertx;
  private final Context context;
  private final ProviderConfig provider;
  private final HttpClientAgent client;
  private final String host;
  private final int port;
  private final boolean ssl;
  private final String basePath;
  private final MultiMap bufferedHeaders;
  private final MultiMap streamedHeaders;
  private volatile boolean closed;

  ProviderTransport(Vertx vertx, ProviderConfig provider) {
    URI base = parseBaseUrl(provider);
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.provider = provider;
    this.ssl = "https".equalsIgnoreCase(base.getScheme());
    this.host = base.getHost();
    this.port = base.getPort() > 0 ? base.getPort() : ssl ? 443 : 80;
    String path = base.getRawPath() == null ? "" : base.getRawPath();
    this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    this.bufferedHeaders = headers(provider, "application/json");
    this.streamedHeaders = headers(provider, "text/event-stream");
    this.client = vertx.createHttpClient(new HttpClientOptions()
            .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, provider.connectTimeoutMs()))
            .setKeepAlive(true)
            .setName("model-" + provider.id()),
        new PoolOptions().setHttp1MaxSize(provider.maxConnections()));
  }

  /** The path part of {@code baseUrl}, without a trailing slash (e.g. {@code /v1}). */
  String basePath() {
    return basePath;
  }

  /**
   * POSTs {@code body} to {@code baseUrl + path} and reads the 2xx answer: when {@code stream}, its
   * server-sent events through a new {@code decoder}; otherwise the whole body, a JSON object, through
   * {@code parser}.
   */
  <T> Future<T> send(String path, Buffer body, boolean stream, long deadlineAtMillis,
                     Supplier<StreamDecoder<T>> decoder, Function<JsonObject, T> parser) {
    return stream
        ? start(path, body, deadlineAtMillis, streamedHeaders, SuccessBody.eventStream(decoder.get(), DEFAULT_MAX_BODY_BYTES))
        : start(path, body, deadlineAtMillis, bufferedHeaders, SuccessBody.buffered(DEFAULT_MAX_BODY_BYTES, parser));
  }

  Future<Void> close() {
    closed = true;
    return client.close();
  }

  private <T> Future<T> start(String path, Buffer body, long deadlineAtMillis, MultiMap headers,
                              SuccessBody<T> successBody) {
    if (closed) {
      // A closed Vert.x client would leave the request pending until the deadline.
      return Future.failedFuture(new ModelException(ModelErrorClass.CONNECTION, "model client closed"));
    }
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
        .setHost(host).setPort(port).setSsl(ssl).setURI(basePath + path);
    HttpExchange<T> exchange = new HttpExchange<>(vertx, client, options, headers, body,
        provider.firstTokenTimeoutMs(), provider.idleTimeoutMs(), deadlineAtMillis, successBody);
    if (Vertx.currentContext() == context) {
      exchange.run();
    } else {
      context.runOnContext(v -> exchange.run());
    }
    return exchange.future();
  }

  private static MultiMap headers(ProviderConfig provider, String accept) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .set(HttpHeaders.CONTENT_TYPE, "application/json")
        .set(HttpHeaders.ACCEPT, accept);
    if (provider.apiKey() != null) {
      if (provider.api() == ModelApi.ANTHROPIC_MESSAGES) {
        headers.set("x-api-key", provider.apiKey());
      } else {
        headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + provider.apiKey());
      }
    }
    if (provider.api() == ModelApi.ANTHROPIC_MESSAGES) {
      headers.set("anthropic-version", ANTHROPIC_VERSION);
    }
    for (Map.Entry<String, String> header : provider.headers().entrySet()) {
      headers.set(header.getKey(), header.getValue());
    }
    return headers;
  }

  private static URI parseBaseUrl(ProviderConfig provider) {
    try {
      URI uri = URI.create(provider.baseUrl());
      if (uri.getHost() == null || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("provider " + provider.id() + ": baseUrl " + provider.baseUrl()
          + " is not an http(s) URL with a host", e);
    }
  }
}
