package dev.switchboard.media;

import dev.switchboard.config.MediaConfig;
import dev.switchboard.config.ProviderConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientMultipartForm;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Voice notes to text through OpenAI's {@code POST {baseUrl}/audio/transcriptions} (multipart), served
 * by whisper.cpp's server, speaches (faster-whisper), vLLM, LocalAI, OpenAI or Groq. The entries of
 * {@code tools.media.audio.models} are tried in order until one answers; the file part is named from
 * the type the bytes showed ({@code voice.ogg}), since servers pick the decoder by extension.
 */
public final class Transcriber {

  private static final Logger LOG = LoggerFactory.getLogger(Transcriber.class);

  private final HttpClient client;
  private final MediaConfig.Audio config;

  public Transcriber(Vertx vertx, MediaConfig.Audio config) {
    this.client = vertx.createHttpClient();
    this.config = config;
  }

  /** The transcript, trimmed; fails with {@link MediaUnreadable} when no entry could make one. */
  public Future<String> transcribe(Buffer audio, String sniffedType) {
    if (config.models().isEmpty()) {
      return Future.failedFuture(new MediaUnreadable("no transcriber is configured"));
    }
    return attempt(0, audio, sniffedType);
  }

  private Future<String> attempt(int index, Buffer audio, String sniffedType) {
    List<MediaConfig.MediaModel> models = config.models();
    if (index == models.size()) {
      return Future.failedFuture(new MediaUnreadable("no transcriber could read it"));
    }
    MediaConfig.MediaModel entry = models.get(index);
    return post(entry, audio, sniffedType).recover(failure -> {
      LOG.warn("transcription by {} failed, {}: {}", entry.model().ref(),
          index + 1 < models.size() ? "trying " + models.get(index + 1).model().ref() : "no transcriber left",
          failure.getMessage());
      return attempt(index + 1, audio, sniffedType);
    });
  }

  private Future<String> post(MediaConfig.MediaModel entry, Buffer audio, String sniffedType) {
    ProviderConfig provider = entry.model().provider();
    if (!provider.available()) {
      return Future.failedFuture(provider.unavailableReason());
    }
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST)
        .setAbsoluteURI(provider.baseUrl() + "/audio/transcriptions")
        .setConnectTimeout(provider.connectTimeoutMs()).setIdleTimeout(entry.timeoutMs());
    provider.headers().forEach(request::putHeader);
    if (provider.apiKey() != null) {
      request.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + provider.apiKey());
    }
    ClientMultipartForm form = ClientMultipartForm.multipartForm()
        .attribute("model", entry.model().definition().id())
        .attribute("response_format", "json");
    String language = entry.language() != null ? entry.language() : config.language();
    if (language != null) {
      form.attribute("language", language);
    }
    if (entry.prompt() != null) {
      form.attribute("prompt", entry.prompt());
    }
    form.binaryFileUpload("file", "voice." + MediaSniffer.audioExtension(sniffedType), sniffedType, audio);
    return client.request(request)
        .compose(sent -> sent.send(form))
        .compose(response -> response.body().compose(body -> transcript(response, body)))
        .timeout(entry.timeoutMs(), TimeUnit.MILLISECONDS);
  }

  /** {@code {text}} in JSON; a bare body when the server ignores {@code response_format}. */
  private static Future<String> transcript(HttpClientResponse response, Buffer body) {
    if (response.statusCode() / 100 != 2) {
      return Future.failedFuture("HTTP " + response.statusCode());
    }
    String type = MediaSniffer.essence(response.getHeader(HttpHeaders.CONTENT_TYPE));
    if ("application/json".equals(type)) {
      Object json = body.toJsonValue();
      if (!(json instanceof JsonObject object) || !(object.getValue("text") instanceof String text)) {
        return Future.failedFuture("the answer has no text");
      }
      return Future.succeededFuture(text.strip());
    }
    return Future.succeededFuture(body.toString().strip());
  }

  public Future<Void> close() {
    return client.close();
  }
}
