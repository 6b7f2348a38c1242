package dev.switchboard.routing;

import dev.switchboard.bus.ChatType;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.MediaRef;
import dev.switchboard.config.MediaConfig;
import dev.switchboard.config.ModelRef;
import dev.switchboard.config.ResolvedModel;
import dev.switchboard.fakes.FakeTranscriptionServer;
import dev.switchboard.media.MediaBus;
import dev.switchboard.media.MediaFile;
import dev.switchboard.media.MediaSamples;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.switchboard.routing.ChainFixtures.model;
import static dev.switchboard.routing.ChainFixtures.provider;

/**
 * Telegram voice notes for a router without its channel: the channel's side of their download (every
 * note is the same Ogg file) and a fake transcription server, whose transcript a test sets.
 */
final class VoiceNotes {

  private static final String CHANNEL = "telegram";

  final FakeTranscriptionServer transcriber;
  private final AtomicInteger downloads;

  private VoiceNotes(FakeTranscriptionServer transcriber, AtomicInteger downloads) {
    this.transcriber = transcriber;
    this.downloads = downloads;
  }

  /** How many notes were downloaded from the channel. */
  int downloads() {
    return downloads.get();
  }

  /** Serves the downloads on the bus, as the channel would, and starts the transcriber; both end with {@code vertx}. */
  static VoiceNotes saying(Vertx vertx, String transcript) {
    // ChainFixtures' providers present the key "key".
    FakeTranscriptionServer transcriber = FakeTranscriptionServer.start(vertx, "key", transcript).await();
    AtomicInteger downloads = new AtomicInteger();
    MediaBus.serve(vertx, CHANNEL, (ref, maxBytes, deadline) -> {
      downloads.incrementAndGet();
      return Future.succeededFuture(new MediaFile(MediaSamples.ogg(), "audio/ogg"));
    }).completion().await();
    return new VoiceNotes(transcriber, downloads);
  }

  /** {@code tools.media} with the fake as the only transcriber; {@code echoTranscript} on, to count the echoes. */
  MediaConfig media() {
    ResolvedModel whisper = new ResolvedModel(new ModelRef("whisper", "whisper-1"),
        provider("whisper", model("whisper-1")).server(transcriber.baseUrl()), model("whisper-1"));
    MediaConfig defaults = MediaConfig.defaults();
    MediaConfig.Audio audio = defaults.audio();
    return new MediaConfig(new MediaConfig.Audio(true, audio.maxBytes(), null, true, audio.echoFormat(),
        List.of(new MediaConfig.MediaModel(whisper, 5_000, null, null))), defaults.image(), defaults.document(),
        defaults.unreadableReply(), defaults.downloadTimeoutMs());
  }

  /** The echo of the transcript {@code transcript}, as {@link #media()} formats it. */
  static String echoOf(String transcript) {
    return MediaConfig.defaults().audio().echoFormat().replace("{transcript}", transcript);
  }

  /** A voice note without a caption from Ann, in the Telegram chat 100 of {@code bot1}. */
  static InboundMessage fromAnn(String id) {
    return new InboundMessage(CHANNEL + ":" + id, CHANNEL, "bot1", "100", ChatType.DM, "100", "Ann", null, "",
        System.currentTimeMillis(), null, new MediaRef(MediaRef.Kind.AUDIO, "voice-" + id, "audio/ogg", null, -1,
        "voice note"));
  }
}
