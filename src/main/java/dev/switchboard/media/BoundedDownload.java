package dev.switchboard.media;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.util.concurrent.atomic.AtomicReference;

/**
 * One GET of a file, bounded: by {@code maxBytes} counted while the body is read (a
 * {@code Content-Length} above it stops the download at once, but one below it is not trusted), and
 * by a deadline for the whole download. The connection is reset when a bound is passed, so that no
 * more of the file is read. Failures are {@link MediaUnreadable}s, whose reasons never carry the URL
 * (Telegram puts the bot token in it).
 */
public final class BoundedDownload {

  private static final int MAX_CONNECT_TIMEOUT_MS = 10_000;

  private final Vertx vertx;
  private final HttpClient client;

  public BoundedDownload(Vertx vertx) {
    this.vertx = vertx;
    this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(MAX_CONNECT_TIMEOUT_MS));
  }

  /**
   * @param bearerToken sent as {@code Authorization: Bearer …} (dropped by Vert.x on a redirect to
   *                    another host), or null
   * @param deadlineMillis wall-clock time by which the body must have been read
   */
  public Future<MediaFile> get(String url, String bearerToken, long maxBytes, long deadlineMillis) {
    long timeoutMs = deadlineMillis - System.currentTimeMillis();
    if (timeoutMs <= 0) {
      return Future.failedFuture(new MediaUnreadable("the download took too long"));
    }
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
        .setFollowRedirects(true).setIdleTimeout(timeoutMs);
    if (bearerToken != null) {
      request.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + bearerToken);
    }
    Promise<MediaFile> result = Promise.promise();
    AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
    long timer = vertx.setTimer(timeoutMs, fired -> {
      if (result.tryFail(new MediaUnreadable("the download took too long"))) {
        // Stop reading a file that trickles in: nothing more of it will be used.
        HttpClientRequest stalled = sent.get();
        if (stalled != null) {
          stalled.reset();
        }
      }
    });
    client.request(request).compose(opened -> {
      sent.set(opened);
      return opened.send();
    }).onComplete(answered -> {
      if (answered.failed()) {
        result.tryFail(new MediaUnreadable("the file could not be downloaded", true));
      } else {
        read(answered.result(), maxBytes, result);
      }
    });
    return result.future().onComplete(done -> vertx.cancelTimer(timer));
  }

  private static void read(HttpClientResponse response, long maxBytes, Promise<MediaFile> result) {
    if (response.statusCode() / 100 != 2) {
      result.tryFail(new MediaUnreadable("the platform answered " + response.statusCode() + " to the download", true));
      response.request().reset();
      return;
    }
    String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && length.chars().allMatch(Character::isDigit) && length.length() < 19
        && Long.parseLong(length) > maxBytes) {
      result.tryFail(MediaUnreadable.tooLarge(maxBytes));
      response.request().reset();
      return;
    }
    Buffer body = Buffer.buffer();
    response.handler(chunk -> {
      if (result.future().isComplete()) {
        return;
      }
      if ((long) body.length() + chunk.length() > maxBytes) {
        // Failed before the reset, whose own error must not become the reason.
        result.tryFail(MediaUnreadable.tooLarge(maxBytes));
        response.request().reset();
        return;
      }
      body.appendBuffer(chunk);
    });
    response.exceptionHandler(broken -> result.tryFail(new MediaUnreadable("the download broke off", true)));
    response.endHandler(end -> result.tryComplete(new MediaFile(body, response.getHeader(HttpHeaders.CONTENT_TYPE))));
  }

  public Future<Void> close() {
    return client.close();
  }
}
