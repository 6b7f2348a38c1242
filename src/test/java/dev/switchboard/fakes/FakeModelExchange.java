package dev.switchboard.fakes;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.Map;

/** Carries out one {@link FakeModelBehaviour} on one request of the fake model server. */
final class FakeModelExchange {

  private final Vertx vertx;
  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final FakeModelApi api;
  private final int apiIndex;
  private final FakeModelBehaviour behaviour;

  FakeModelExchange(Vertx vertx, HttpServerRequest request, FakeModelApi api, int apiIndex, FakeModelBehaviour behaviour) {
    this.vertx = vertx;
    this.request = request;
    this.response = request.response();
    this.api = api;
    this.apiIndex = apiIndex;
    this.behaviour = behaviour;
  }

  void respond(boolean stream) {
    switch (behaviour.kind) {
      case HANG -> {
        // Say nothing: the client's deadlines must end the exchange.
      }
      case ERROR -> {
        for (Map.Entry<String, String> header : behaviour.error.headers().entrySet()) {
          response.putHeader(header.getKey(), header.getValue());
        }
        FakeModelServer.json(response.setStatusCode(behaviour.error.status()), api.errorBody(behaviour.error));
      }
      default -> {
        if (stream) {
          streamed();
        } else {
          buffered();
        }
      }
    }
  }

  private void buffered() {
    if (behaviour.kind == FakeModelBehaviour.Kind.FAILED_EVENT) {
      FakeModelServer.json(response, api.failedBody(behaviour.failureCode));
      return;
    }
    Buffer body = behaviour.body(api, apiIndex);
    Buffer half = body.getBuffer(0, body.length() / 2);
    response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
    switch (behaviour.kind) {
      case SLOW_FIRST_TOKEN -> later(() -> response.end(body));
      case STALL_AFTER_FIRST_TOKEN -> response.setChunked(true).write(half);
      case BREAK_AFTER_FIRST_TOKEN -> response.setChunked(true).write(half).onComplete(v -> request.connection().close());
      case END_WITHOUT_TERMINAL -> response.end(half);
      default -> response.end(body);
    }
  }

  private void streamed() {
    response.setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
    if (behaviour.kind == FakeModelBehaviour.Kind.ANSWER) {
      response.end(behaviour.streamBody(api, apiIndex));
      return;
    }
    FakeModelStream stream = behaviour.stream(api, apiIndex);
    int firstToken = stream.firstToken();
    switch (behaviour.kind) {
      case SLOW_FIRST_TOKEN -> {
        response.write(stream.range(0, firstToken));
        later(() -> response.end(stream.range(firstToken, stream.frames().size())));
      }
      case STALL_AFTER_FIRST_TOKEN -> response.write(stream.range(0, firstToken + 1));
      case BREAK_AFTER_FIRST_TOKEN -> response.write(stream.range(0, firstToken + 1))
          .onComplete(v -> request.connection().close());
      case END_WITHOUT_TERMINAL -> response.end(stream.range(0, stream.terminal()));
      case HOLD_AFTER_PIECES -> {
        int held = stream.firstText() + behaviour.piecesBefore;
        response.write(stream.range(0, held));
        behaviour.release.onComplete(released -> {
          if (!response.closed()) {
            response.end(stream.range(held, stream.frames().size()));
          }
        });
      }
      case STILL_WRITING -> {
        int held = stream.firstText() + behaviour.piecesBefore;
        response.write(stream.range(0, held));
        behaviour.release.onComplete(next -> {
          if (!response.closed()) {
            response.write(stream.range(held, held + 1));
          }
        });
      }
      case BREAK_AFTER_PIECES -> response.write(stream.range(0, stream.firstText() + behaviour.piecesBefore))
          .onComplete(v -> request.connection().close());
      case FAILED_EVENT -> response.end(stream.range(0, firstToken + 1)
          .appendString(api.failedEvent(behaviour.failureCode)));
      default -> throw new IllegalStateException("not a streamed answer: " + behaviour.kind);
    }
  }

  private void later(Runnable write) {
    vertx.setTimer(behaviour.delayMs, id -> {
      if (!response.closed()) {
        write.run();
      }
    });
  }
}
