package dev.switchboard.fakes;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A fake OpenAI-compatible transcription server on 127.0.0.1, port 0: {@code POST /v1/audio/transcriptions}
 * (multipart), the way whisper.cpp's server, speaches or vLLM answer it: {@code {"text": …}}. It
 * checks the bearer token, records each request's form fields and file part, and can be told to
 * fail the next requests (an HTTP error, a hang, a body without text).
 */
public final class FakeTranscriptionServer {

  public static final String PATH = "/v1/audio/transcriptions";

  /** One request: its form fields, and the file part's name, type and bytes. */
  public record Recorded(JsonObject fields, String fileName, String fileType, Buffer file) {
  }

  /** What to answer: a transcript, an HTTP status, nothing at all, or JSON without text. */
  public sealed interface Answer {
  }

  public record Transcript(String text) implements Answer {
  }

  public record Failure(int status) implements Answer {
  }

  public record Hang() implements Answer {
  }

  public record NoText() implements Answer {
  }

  private final String apiKey;
  private final List<Recorded> requests = new ArrayList<>();
  private final Deque<Answer> next = new ArrayDeque<>();
  private final List<io.vertx.core.Promise<Void>> waiters = new ArrayList<>();
  private final List<Integer> awaited = new ArrayList<>();
  private Answer always;
  private HttpServer server;

  private FakeTranscriptionServer(String apiKey, String transcript) {
    this.apiKey = apiKey;
    this.always = new Transcript(transcript);
  }

  public static Future<FakeTranscriptionServer> start(Vertx vertx, String apiKey, String transcript) {
    FakeTranscriptionServer fake = new FakeTranscriptionServer(apiKey, transcript);
    return vertx.createHttpServer().requestHandler(fake::handle).listen(0, "127.0.0.1").map(server -> {
      fake.server = server;
      return fake;
    });
  }

  /** What a provider's {@code baseUrl} should be. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort() + "/v1";
  }

  public synchronized FakeTranscriptionServer always(Answer answer) {
    always = answer;
    return this;
  }

  public synchronized FakeTranscriptionServer next(Answer answer) {
    next.add(answer);
    return this;
  }

  public synchronized List<Recorded> requests() {
    return List.copyOf(requests);
  }

  /** Completes once {@code count} requests arrived. */
  public synchronized Future<Void> awaitRequests(int count) {
    io.vertx.core.Promise<Void> promise = io.vertx.core.Promise.promise();
    waiters.add(promise);
    awaited.add(count);
    wake();
    return promise.future();
  }

  private void wake() {
    for (int i = waiters.size() - 1; i >= 0; i--) {
      if (requests.size() >= awaited.get(i)) {
        waiters.remove(i).complete();
        awaited.remove(i);
      }
    }
  }

  public Future<Void> close() {
    return server.close();
  }

  private void handle(HttpServerRequest request) {
    if (!request.path().equals(PATH)) {
      request.response().setStatusCode(404).end();
      return;
    }
    if (!("Bearer " + apiKey).equals(request.getHeader("Authorization"))) {
      request.response().setStatusCode(401).putHeader("Content-Type", "application/json")
          .end("{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\"}}");
      return;
    }
    request.setExpectMultipart(true);
    Buffer file = Buffer.buffer();
    String[] part = new String[2];
    request.uploadHandler(upload -> {
      part[0] = upload.filename();
      part[1] = upload.contentType();
      upload.handler(file::appendBuffer);
    });
    request.endHandler(end -> {
      JsonObject fields = new JsonObject();
      request.formAttributes().forEach(field -> fields.put(field.getKey(), field.getValue()));
      answer(request, record(new Recorded(fields, part[0], part[1], file)));
    });
  }

  private synchronized Answer record(Recorded recorded) {
    requests.add(recorded);
    wake();
    return next.isEmpty() ? always : next.poll();
  }

  private static void answer(HttpServerRequest request, Answer answer) {
    if (answer instanceof Transcript transcript) {
      request.response().putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("text", transcript.text()).encode());
    } else if (answer instanceof Failure failure) {
      request.response().setStatusCode(failure.status())
          .putHeader("Content-Type", "application/json").end("{\"error\":\"failed to read audio data\"}");
    } else if (answer instanceof NoText) {
      request.response().putHeader("Content-Type", "application/json").end("{\"duration\":1.0}");
    }
    // Hang: never answered, the client's timeout decides.
  }
}
