package dev.switchboard.ops;

import dev.switchboard.config.ModelApi;
import dev.switchboard.config.ResolvedModel;
import dev.switchboard.bus.ChatMessage;
import dev.switchboard.model.ModelClientFactory;
import dev.switchboard.model.ModelException;
import dev.switchboard.model.ModelRequest;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code doctor} learns about one model: is its server reachable ({@code GET /models}), does it
 * list the model, what context window does it report (vLLM {@code max_model_len}, LM Studio
 * {@code /api/v0/models} {@code max_context_length}), and does a minimal generation work.
 */
public final class ModelProbe {

  /** A short generation that any working model answers; the text itself is not checked. */
  static final String PROBE_PROMPT = "Reply with exactly: pong";
  static final long MAX_PROBE_MS = 120_000;

  private final WebClient web;
  private final ModelClientFactory clients;

  public ModelProbe(WebClient web, ModelClientFactory clients) {
    this.web = web;
    this.clients = clients;
  }

  /**
   * @param listed           whether {@code GET /models} named the model (null when it could not be read)
   * @param serverContext    the window the server reports, or null
   * @param generation       ok, or the error class code (auth, rate_limit, timeout, no_model, …)
   */
  public record Result(ResolvedModel model, String listing, Boolean listed, Integer serverContext,
                       String generation, String detail) {

    public boolean works() {
      return "ok".equals(generation);
    }

    public List<String> lines() {
      List<String> lines = new ArrayList<>();
      lines.add("models endpoint: " + listing + (listed == null ? "" : listed ? ", lists the model"
          : ", does NOT list \"" + model.ref().model() + "\" (not downloaded, or another id?)"));
      if (serverContext != null) {
        int configured = model.definition().contextWindow();
        lines.add("context window: configured " + configured + ", server reports " + serverContext
            + (configured > serverContext ? " — lower contextWindow to " + serverContext + " or raise the server's limit" : ""));
      }
      lines.add("generation: " + generation + (detail == null ? "" : " (" + detail + ")"));
      return lines;
    }
  }

  public Future<Result> probe(ResolvedModel model) {
    if (!model.available()) {
      return Future.succeededFuture(new Result(model, "skipped", null, null, "unavailable",
          model.provider().unavailableReason()));
    }
    return listing(model).compose(listing -> lmStudioContext(model).transform(lm -> {
      Integer context = lm.succeeded() && lm.result() != null ? lm.result() : listing.serverContext;
      return generation(model).map(outcome -> new Result(model, listing.summary, listing.listed, context,
          outcome[0], outcome[1]));
    }));
  }

  private record Listing(String summary, Boolean listed, Integer serverContext) {
  }

  private Future<Listing> listing(ResolvedModel model) {
    return authorized(web.getAbs(modelsUrl(model)), model).send().transform(sent -> {
      if (sent.failed()) {
        return Future.succeededFuture(new Listing("unreachable (" + sent.cause().getMessage() + ")", null, null));
      }
      HttpResponse<Buffer> response = sent.result();
      if (response.statusCode() != 200) {
        return Future.succeededFuture(new Listing("HTTP " + response.statusCode(), null, null));
      }
      try {
        JsonArray data = response.bodyAsJsonObject().getJsonArray("data", new JsonArray());
        for (int i = 0; i < data.size(); i++) {
          JsonObject entry = data.getJsonObject(i);
          if (model.ref().model().equals(entry.getString("id"))) {
            return Future.succeededFuture(new Listing("reachable", true, entry.getInteger("max_model_len")));
          }
        }
        return Future.succeededFuture(new Listing("reachable", false, null));
      } catch (RuntimeException e) {
        return Future.succeededFuture(new Listing("reachable, but the list is not OpenAI-shaped", null, null));
      }
    });
  }

  /** LM Studio's richer listing; other servers answer 404, which is not a problem. */
  private Future<Integer> lmStudioContext(ResolvedModel model) {
    String base = model.provider().baseUrl();
    if (model.provider().api() == ModelApi.ANTHROPIC_MESSAGES || !base.endsWith("/v1")) {
      return Future.succeededFuture(null);
    }
    String url = base.substring(0, base.length() - "/v1".length()) + "/api/v0/models/" + model.ref().model();
    return authorized(web.getAbs(url), model).send().map(response -> {
      if (response.statusCode() != 200) {
        return null;
      }
      JsonObject body = response.bodyAsJsonObject();
      return body == null ? null : body.getInteger("max_context_length");
    });
  }

  private Future<String[]> generation(ResolvedModel model) {
    long budget = Math.min(model.provider().firstTokenTimeoutMs() + model.provider().idleTimeoutMs(), MAX_PROBE_MS);
    ModelRequest request = new ModelRequest(null, List.of(ChatMessage.user(PROBE_PROMPT)),
        System.currentTimeMillis() + budget);
    return clients.create(model).generate(request).transform(outcome -> {
      if (outcome.succeeded()) {
        return Future.succeededFuture(new String[] {"ok", "answered \"" + abbreviate(outcome.result().text()) + "\""});
      }
      Throwable failure = outcome.cause();
      String code = failure instanceof ModelException e ? e.errorClass().code() : "error";
      return Future.succeededFuture(new String[] {code, failure.getMessage()});
    });
  }

  private static String modelsUrl(ResolvedModel model) {
    String base = model.provider().baseUrl();
    return model.provider().api() == ModelApi.ANTHROPIC_MESSAGES && !base.endsWith("/v1")
        ? base + "/v1/models" : base + "/models";
  }

  private static HttpRequest<Buffer> authorized(HttpRequest<Buffer> request, ResolvedModel model) {
    String key = model.provider().apiKey();
    model.provider().headers().forEach(request::putHeader);
    if (key != null) {
      if (model.provider().api() == ModelApi.ANTHROPIC_MESSAGES) {
        request.putHeader("x-api-key", key).putHeader("anthropic-version", "2023-06-01");
      } else {
        request.bearerTokenAuthentication(key);
      }
    }
    return request.timeout(model.provider().connectTimeoutMs() + 10_000);
  }

  private static String abbreviate(String text) {
    String flat = text.replaceAll("\\s+", " ").trim();
    return flat.length() <= 40 ? flat : flat.substring(0, 40) + "…";
  }
}
