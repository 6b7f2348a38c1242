package dev.switchboard.bench;

import dev.switchboard.fakes.FakeWhatsAppWebhooks;
import dev.switchboard.it.JarProcess;
import dev.switchboard.media.MediaSamples;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * DESIGN.md §12's voice-note figure: what the bridge adds to a WhatsApp voice note, everything but the
 * download and the transcription. One note at a time goes through the jar: signed webhook, journal,
 * media lookup and download (WhatsApp fake), transcription (fake, answering at once), model (fake),
 * reply sent (WhatsApp fake). Each note's end-to-end time, minus the download and transcription spans
 * as the fakes saw them (request arrival to response written), is the bridge's added time; it still
 * includes the instant fake model's round trip.
 */
final class VoiceNoteLoad {

  private static final String SECRET = "bench-secret";
  private static final String TOKEN = "bench-wa-token";
  private static final String PHONE = "106540352242922";
  /**
   * Voice notes and texts sent before measuring, {@link #WARMUP_IN_FLIGHT} at a time over
   * {@link #WARMUP_NUMBERS} business numbers: enough for the JIT to compile the whole path, so the
   * figure is a running bridge's and not its first minute's (with a few hundred, most of the path still
   * ran interpreted and the p50 was twice as long).
   */
  private static final int WARMUP_PAIRS = 3_000;
  private static final int WARMUP_IN_FLIGHT = 8;
  private static final int WARMUP_NUMBERS = 100;
  private static final int MEASURED = 300;
  /**
   * A voice note and a typed text start every this often at most: two replies per period stay under
   * the 80 messages a second Meta allows a business number, which the bridge's pacer enforces. Faster,
   * the figure would be the pacer's wait, not the bridge's work.
   */
  private static final long PAIR_PERIOD_MS = 30;

  /** Per note (the user's number), when each step began and ended, in System.nanoTime(). */
  private final Map<String, long[]> spans = new ConcurrentHashMap<>();
  private final Map<String, Promise<Long>> answered = new ConcurrentHashMap<>();
  private final Buffer ogg = MediaSamples.ogg();
  private HttpServer fake;

  private VoiceNoteLoad() {
  }

  static List<String> measure(Vertx vertx, String modelBaseUrl, int port, Path dir) throws Exception {
    return new VoiceNoteLoad().run(vertx, modelBaseUrl, port, dir);
  }

  private List<String> run(Vertx vertx, String modelBaseUrl, int port, Path dir) throws Exception {
    fake = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1").await();
    String base = "http://127.0.0.1:" + fake.actualPort();
    Path config = dir.resolve("bench-voice.json5");
    Files.writeString(config, """
        { gateway: { port: %d },
          agents: { defaults: { model: { primary: "local/fake-model" } } },
          models: { mode: "replace", providers: {
            local: { baseUrl: "%s", api: "openai-responses", models: [{ id: "fake-model", contextWindow: 32768, maxTokens: 1024 }] },
            whisper: { baseUrl: "%s/v1", models: [{ id: "whisper-1" }] } } },
          tools: { media: { audio: { models: [{ provider: "whisper", model: "whisper-1" }] } } },
          channels: { whatsapp: { accessToken: "%s", appSecret: "%s", verifyToken: "v", apiBaseUrl: "%s/v23.0",
                                  dmPolicy: "open", phoneNumberId: "%s" } },
          messages: { rateLimit: { perSenderPerMinute: 100000 } },
          session: { store: { path: "%s" } } }
        """.formatted(port, modelBaseUrl, base, TOKEN, SECRET, base, PHONE, dir.resolve("bench-voice.db")));
    WebClient client = WebClient.create(vertx);
    List<Double> added = new ArrayList<>();
    List<Double> text = new ArrayList<>();
    try (JarProcess bridge = JarProcess.start(RunFlags.BRIDGE, Map.of(), "run", "--config", config.toString())) {
      bridge.awaitReady();
      warmUp(client, port);
      for (int i = 0; i < MEASURED; i++) {
        long pairStarted = System.nanoTime();
        added.add(note(client, port, PHONE, "1555" + (1_000_000 + i), true));
        text.add(note(client, port, PHONE, "1666" + (1_000_000 + i), false));
        long left = PAIR_PERIOD_MS - (System.nanoTime() - pairStarted) / 1_000_000;
        if (left > 0) {
          vertx.timer(left).await();
        }
      }
      bridge.terminate();
    }
    client.close();
    fake.close().await();
    List<Double> sorted = new ArrayList<>(added);
    java.util.Collections.sort(sorted);
    return List.of(Benchmark.row("voice note: bridge's added time, all but download and transcription (p50)",
            String.format("%.2f ms", Benchmark.median(added)), "≤ 5 ms"),
        Benchmark.row("  p90 / p99 over " + MEASURED + " notes, one at a time",
            String.format("%.2f ms / %.2f ms", sorted.get(sorted.size() * 9 / 10), sorted.get(sorted.size() * 99 / 100)),
            ""),
        Benchmark.row("  the same bridge, a typed text message end to end (p50, for comparison)",
            String.format("%.2f ms", Benchmark.median(text)), ""));
  }

  /** Sends the warm-up pairs, each one to a business number of its own in turn; their times are not kept. */
  private void warmUp(WebClient client, int port) throws Exception {
    ExecutorService senders = Executors.newFixedThreadPool(WARMUP_IN_FLIGHT);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < WARMUP_PAIRS; i++) {
        String number = String.valueOf(200_000_000_000_000L + i % WARMUP_NUMBERS);
        String user = String.valueOf(1_000_000 + i);
        done.add(senders.submit(() -> {
          note(client, port, number, "1777" + user, true);
          return note(client, port, number, "1888" + user, false);
        }));
      }
      for (Future<?> pair : done) {
        pair.get(60, TimeUnit.SECONDS);
      }
    } finally {
      senders.shutdownNow();
    }
    spans.clear();
  }

  /** One voice note (or a typed text) to a business number through the bridge; its added time in milliseconds. */
  private double note(WebClient client, int port, String businessNumber, String user, boolean voice) {
    long[] span = new long[4];
    spans.put(user, span);
    Promise<Long> reply = Promise.promise();
    answered.put(user, reply);
    JsonObject message = new JsonObject().put("from", user).put("id", "wamid.BENCH" + user)
        .put("timestamp", String.valueOf(System.currentTimeMillis() / 1000));
    if (voice) {
      message.put("type", "audio")
          .put("audio", new JsonObject().put("id", user).put("mime_type", "audio/ogg; codecs=opus").put("voice", true));
    } else {
      message.put("type", "text").put("text", new JsonObject().put("body", "What time is it?"));
    }
    JsonObject body = new JsonObject().put("object", "whatsapp_business_account").put("entry", new JsonArray()
        .add(new JsonObject().put("id", "WABA").put("changes", new JsonArray().add(new JsonObject()
            .put("field", "messages").put("value", new JsonObject().put("messaging_product", "whatsapp")
                .put("metadata", new JsonObject().put("phone_number_id", businessNumber))
                .put("messages", new JsonArray().add(message)))))));
    long started = System.nanoTime();
    FakeWhatsAppWebhooks.post(client, port, body.toBuffer(), SECRET).await();
    long finished = reply.future().await();
    long download = span[1] - span[0];
    long transcription = span[3] - span[2];
    return (finished - started - download - transcription) / 1e6;
  }

  private void handle(HttpServerRequest request) {
    long arrived = System.nanoTime();
    String path = request.path();
    if (path.equals("/v1/audio/transcriptions")) {
      request.body().onSuccess(ignored -> {
        // Whose note it is does not travel with the audio: the one note in flight is (while measuring).
        long[] span = spans.values().stream().filter(s -> s[2] == 0 && s[1] != 0).findFirst().orElse(new long[4]);
        span[2] = arrived;
        request.response().putHeader("Content-Type", "application/json").end("{\"text\":\"What time is it?\"}")
            .onComplete(written -> span[3] = System.nanoTime());
      });
    } else if (path.startsWith("/media/")) {
      long[] span = spans.get(path.substring("/media/".length()));
      request.response().putHeader("Content-Type", "audio/ogg").end(ogg)
          .onComplete(written -> span[1] = System.nanoTime());
    } else if (path.startsWith("/v23.0/") && path.endsWith("/messages")) {
      request.body().onSuccess(buffer -> {
        JsonObject sent = buffer.toJsonObject();
        request.response().putHeader("Content-Type", "application/json")
            .end("{\"messages\":[{\"id\":\"wamid.SENT\"}]}");
        Promise<Long> reply = "text".equals(sent.getString("type")) ? answered.remove(sent.getString("to")) : null;
        if (reply != null) {
          reply.complete(arrived);
        }
      });
    } else if (path.startsWith("/v23.0/")) {
      String id = path.substring("/v23.0/".length());
      spans.get(id)[0] = arrived;
      request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
          .put("url", "http://127.0.0.1:" + fake.actualPort() + "/media/" + id).put("mime_type", "audio/ogg")
          .put("file_size", ogg.length()).put("id", id).encode());
    } else {
      request.response().setStatusCode(404).end();
    }
  }
}
