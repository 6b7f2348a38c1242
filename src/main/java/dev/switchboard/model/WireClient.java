package dev.switchboard.model;

import dev.switchboard.config.ResolvedModel;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.function.Consumer;

/**
 * A model reached through one provider API over HTTP: the request is that API's body, sent streamed when
 * the provider says so ({@code stream}), and the answer is read from its events or from its whole body.
 * Either way only the visible text comes back ({@link VisibleReply}): reasoning, in the API's own fields
 * or in the model's tags, is never part of it. Each API says where it posts, what it sends and how it
 * reads the answer.
 */
abstract class WireClient implements ModelClient {

  protected final ResolvedModel model;
  protected final ProviderTransport transport;

  WireClient(ResolvedModel model, ProviderTransport transport) {
    this.model = model;
    this.transport = transport;
  }

  @Override
  public final Future<ModelReply> generate(ModelRequest request) {
    return generate(request, text -> {
    });
  }

  @Override
  public final Future<ModelReply> generate(ModelRequest request, Consumer<String> visibleText) {
    boolean stream = model.provider().stream();
    VisibleReply visible = new VisibleReply(model.definition().reasoningTags(), visibleText);
    return transport.send(path(), body(request, stream), stream, request.deadlineAtMillis(),
        () -> streamed(visible), this::whole).map(visible::end);
  }

  /** Where the API answers, below the provider's base URL. */
  abstract String path();

  /** The request as the API takes it; {@code stream} asks for server-sent events. */
  abstract Buffer body(ModelRequest request, boolean stream);

  /** Reads one streamed answer, handing its text to {@code visible} as it comes. */
  abstract StreamDecoder<BackendText> streamed(VisibleReply visible);

  /** Reads an answer that came as one JSON body. */
  abstract BackendText whole(JsonObject answer);
}
