package dev.switchboard.channel.http;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.AnswerPiece;
import dev.switchboard.bus.AskFailure;
import dev.switchboard.bus.AskReply;
import dev.switchboard.bus.AskRequest;
import dev.switchboard.config.ModelCatalog;
import dev.switchboard.config.ResolvedModel;
import dev.switchboard.ops.OperatorAccess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The OpenAI-compatible entry: {@code POST /v1/responses}, {@code POST /v1/chat/completions} and
 * {@code GET /v1/models}. Each request becomes an {@link AskRequest}, answered as {@link Addresses#ASK}
 * answers it, so any OpenAI client gets the same chain, failover and final-text-only answers as the
 * chat channels: by default over the bus; in the bridge, by a chain of the gateway instance's own, on
 * its event loop ({@link #answeredBy}, DESIGN §10.0).
 */
public final class OpenAiApi {

  /** What {@code model} may say to mean "the configured chain". */
  public static final String CHAIN_MODEL = "switchboard";
  /** Names the primary when a fallback answered; the body's {@code model} names the fallback. */
  static final String FALLBACK_FROM_HEADER = "X-Switchboard-Fallback-From";

  private final Vertx vertx;
  private final BearerToken token;
  private final boolean open;
  private final ModelCatalog catalog;
  private final DeliveryOptions askOptions;
  private Answering asks = this::overTheBus;

  /**
   * Answers an ask as {@link Addresses#ASK} does: the reply, or a {@link ReplyException} whose code
   * is an {@link AskFailure}'s; a streamed answer's text also goes to {@code pieces} as it is written.
   */
  public interface Answering {
    /** @param pieces where a streamed answer's text goes, in order, before the reply; null when not streamed */
    Future<AskReply> answer(AskRequest ask, Consumer<AnswerPiece> pieces);
  }

  /**
   * @param loopbackOnly whether the gateway binds only to loopback; with no token configured the
   *                     API then serves local programs without authentication (not requests relayed
   *                     by a proxy or tunnel), otherwise it refuses every call
   * @param turnTimeoutMs the whole-turn deadline, after which the client gets 504
   */
  public OpenAiApi(Vertx vertx, HttpApiOptions options, boolean loopbackOnly, ModelCatalog catalog,
                   long turnTimeoutMs) {
    this.vertx = vertx;
    this.token = options.token() == null ? null : new BearerToken(options.token());
    this.open = options.token() == null && loopbackOnly;
    this.catalog = catalog;
    // The router answers 504 itself at the turn deadline; the margin only covers the bus hop.
    this.askOptions = new DeliveryOptions().setSendTimeout(turnTimeoutMs + 5_000);
  }

  /** Answers the asks with {@code answering} (the gateway instance's own chain) instead of over the bus. */
  public OpenAiApi answeredBy(Answering answering) {
    this.asks = answering;
    return this;
  }

  public void mount(Router router) {
    router.route("/v1/*").handler(this::authenticate);
    router.post("/v1/responses").handler(ctx -> answer(ctx, ResponsesWire::input, this::respondResponses,
        (body, input) -> new ResponsesEvents(input.instructions(), nowSeconds())));
    router.post("/v1/chat/completions").handler(ctx -> answer(ctx, ChatCompletionsWire::input, this::respondCompletion,
        (body, input) -> new CompletionChunks(nowSeconds(), ChatCompletionsWire.includeUsage(body))));
    router.get("/v1/models").handler(this::listModels);
  }

  private void authenticate(RoutingContext ctx) {
    if (token != null ? token.accepts(ctx.request().getHeader("Authorization")) : open && fromThisMachine(ctx)) {
      ctx.next();
      return;
    }
    String message = token == null
        ? "the HTTP API needs channels.http.token (SWITCHBOARD_HTTP_TOKEN) unless it is called from this machine"
        : "missing or invalid bearer token";
    send(ctx, new ApiError(401, "invalid_request_error", "invalid_api_key", null, message));
  }

  /** Without a token the API serves only programs on this machine, not requests relayed by a proxy. */
  private static boolean fromThisMachine(RoutingContext ctx) {
    return OperatorAccess.fromThisMachine(ctx.request());
  }

  private interface Responder {
    void respond(RoutingContext ctx, JsonObject body, ConversationInput input, AskReply reply);
  }

  private void answer(RoutingContext ctx, Function<JsonObject, ConversationInput> parse, Responder responder,
                      BiFunction<JsonObject, ConversationInput, AnswerEvents> streamed) {
    JsonObject body;
    ConversationInput input;
    try {
      body = RequestJson.object(ctx.body().buffer());
      if (body.getValue("model") != null && !(body.getValue("model") instanceof String)) {
        throw ApiError.invalid("model", "model must be a string");
      }
      if (body.getValue("stream") != null && !(body.getValue("stream") instanceof Boolean)) {
        throw ApiError.invalid("stream", "stream must be true or false");
      }
      input = parse.apply(body);
    } catch (RequestJson.Unusable e) {
      send(ctx, ApiError.invalid(null, e.getMessage()));
      return;
    } catch (DecodeException | ClassCastException e) {
      send(ctx, ApiError.invalid(null, "the body is not valid JSON"));
      return;
    } catch (ApiError e) {
      send(ctx, e);
      return;
    }
    String model = body.getString("model");
    AskRequest ask = new AskRequest(null, null, input.messages(), input.instructions(),
        model == null || model.equalsIgnoreCase(CHAIN_MODEL) ? null : model);
    if (Boolean.TRUE.equals(body.getValue("stream"))) {
      stream(ctx, ask, streamed.apply(body, input));
      return;
    }
    asks.answer(ask, null).onComplete(result -> {
      if (result.succeeded()) {
        AskReply reply = result.result();
        if (reply.fallbackFrom() != null) {
          ctx.response().putHeader(FALLBACK_FROM_HEADER, reply.fallbackFrom());
        }
        responder.respond(ctx, body, input, reply);
      } else {
        send(ctx, toApiError(result.cause()));
      }
    });
  }

  private void respondResponses(RoutingContext ctx, JsonObject body, ConversationInput input, AskReply reply) {
    Buffer answer;
    try {
      answer = ResponsesWire.responseBody(reply, input.instructions(), nowSeconds());
    } catch (RuntimeException e) {
      ctx.fail(e);
      return;
    }
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(answer);
  }

  private void respondCompletion(RoutingContext ctx, JsonObject body, ConversationInput input, AskReply reply) {
    ctx.json(ChatCompletionsWire.completion(reply, "chatcmpl-" + ResponsesWire.randomId(), nowSeconds()));
  }

  /** {@code stream: true}: the text is written to the client piece by piece as the model writes it. */
  private void stream(RoutingContext ctx, AskRequest ask, AnswerEvents events) {
    StreamedAnswer answer = new StreamedAnswer(ctx, events, error -> send(ctx, error));
    asks.answer(ask, answer::piece)
        .onSuccess(answer::completed)
        .onFailure(failure -> answer.failed(toApiError(failure)));
  }

  /**
   * {@link Addresses#ASK} answers: a streamed ask names an address of its own, where the pieces
   * arrive, listening until the reply comes (it comes after the pieces).
   */
  private Future<AskReply> overTheBus(AskRequest ask, Consumer<AnswerPiece> pieces) {
    if (pieces == null) {
      return request(ask);
    }
    MessageConsumer<JsonObject> listening = vertx.eventBus().consumer(Addresses.answer(UUID.randomUUID().toString()),
        message -> pieces.accept(AnswerPiece.fromJson(message.body())));
    return listening.completion()
        .compose(ready -> request(new AskRequest(ask.session(), ask.text(), ask.messages(), ask.instructions(),
            ask.model(), listening.address())))
        .andThen(answered -> listening.unregister());
  }

  private Future<AskReply> request(AskRequest ask) {
    return vertx.eventBus().<JsonObject>request(Addresses.ASK, ask.toJson(), askOptions)
        .map(reply -> AskReply.fromJson(reply.body()));
  }

  private void listModels(RoutingContext ctx) {
    JsonArray data = new JsonArray().add(model(CHAIN_MODEL, "switchboard"));
    for (ResolvedModel resolved : catalog.all()) {
      data.add(model(resolved.ref().toString(), resolved.provider().id())
          .put("available", resolved.available()).put("context_window", resolved.definition().contextWindow()));
    }
    for (Map.Entry<String, dev.switchboard.config.ModelRef> alias : catalog.agent().aliases().entrySet()) {
      data.add(model(alias.getKey(), "switchboard").put("alias_of", alias.getValue().toString()));
    }
    ctx.json(new JsonObject().put("object", "list").put("data", data));
  }

  private static JsonObject model(String id, String ownedBy) {
    return new JsonObject().put("id", id).put("object", "model").put("created", 0).put("owned_by", ownedBy);
  }

  private static ApiError toApiError(Throwable failure) {
    if (!(failure instanceof ReplyException reply)) {
      return new ApiError(500, "server_error", null, null, "internal error");
    }
    return switch (reply.failureType()) {
      case TIMEOUT -> new ApiError(504, "timeout", "timeout", null, "the model did not answer in time");
      case NO_HANDLERS -> new ApiError(503, "server_error", "unavailable", null, "the router is not running");
      default -> switch (AskFailure.fromFailureCode(reply.failureCode())) {
        case INVALID_REQUEST -> new ApiError(400, "invalid_request_error", null, null, reply.getMessage());
        case UNKNOWN_MODEL -> new ApiError(404, "invalid_request_error", "model_not_found", "model", reply.getMessage());
        case CONTEXT_OVERFLOW -> new ApiError(400, "invalid_request_error", "context_length_exceeded", "input",
            reply.getMessage());
        case TIMEOUT -> new ApiError(504, "timeout", "timeout", null, reply.getMessage());
        case BUSY -> new ApiError(429, "rate_limit_error", "rate_limit_exceeded", null, reply.getMessage());
        case UNAVAILABLE -> new ApiError(503, "server_error", "all_models_failed", null, reply.getMessage());
      };
    };
  }

  private static void send(RoutingContext ctx, ApiError error) {
    if (!ctx.response().ended()) {
      ctx.response().setStatusCode(error.status()).putHeader("Content-Type", "application/json")
          .end(error.toJson().encode());
    }
  }

  private static long nowSeconds() {
    return System.currentTimeMillis() / 1000;
  }
}
