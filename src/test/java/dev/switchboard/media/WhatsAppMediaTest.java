package dev.switchboard.media;

import dev.switchboard.fakes.FakeModelBehaviour;
import dev.switchboard.fakes.FakeModelRequest;
import dev.switchboard.fakes.FakeTranscriptionServer;
import dev.switchboard.fakes.FakeWhatsAppServer.Recorded;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** WhatsApp users send voice notes, photos, PDFs, videos and locations: each gets an answer that fits. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WhatsAppMediaTest {

  private static final String TEXT_ONLY_PROVIDER = """
      local: { baseUrl: "{model}", apiKey: "lm", api: "openai-responses",
               models: [{ id: "fake-model", input: ["text"], contextWindow: 32768, maxTokens: 1024 }] },
      whisper: { baseUrl: "{whisper}", apiKey: "%s", api: "openai-completions", models: [{ id: "whisper-large-v3" }] },
      whisper2: { baseUrl: "{whisper2}", apiKey: "%s", api: "openai-completions", models: [{ id: "small" }] },
      """.formatted(MediaBridge.WHISPER_KEY, MediaBridge.WHISPER_KEY);
  private static final String TRANSCRIBERS = """
      audio: { models: [{ provider: "whisper", model: "whisper-large-v3", timeoutSeconds: 2 },
                        { provider: "whisper2", model: "small" }] }""";

  @TempDir
  Path dir;
  private MediaBridge bridge;

  @BeforeEach
  void fakes(Vertx vertx) {
    bridge = MediaBridge.fakes(vertx);
  }

  @AfterEach
  void close() {
    bridge.close();
  }

  private MediaBridge textOnly(String toolsMedia) {
    return bridge.start(dir, TEXT_ONLY_PROVIDER, "primary: \"local/fake-model\"", toolsMedia);
  }

  private static JsonObject voiceNote(String id) {
    return new JsonObject().put("id", id).put("mime_type", "audio/ogg; codecs=opus").put("voice", true)
        .put("sha256", "x");
  }

  private static String userText(FakeModelRequest request) {
    return MediaBridge.lastResponsesContent(request).getJsonObject(0).getString("text");
  }

  @Test
  @DisplayName("a voice note is downloaded with the token, transcribed, and the transcript answered")
  void aVoiceNoteIsTranscribedAndAnswered() {
    bridge.graph.media("media-voice-1", "audio/ogg; codecs=opus", MediaSamples.ogg());
    bridge.whisper.always(new FakeTranscriptionServer.Transcript("When do you open on Sunday?"));
    bridge.model.reply("We open at ten.");
    textOnly(TRANSCRIBERS);

    assertEquals(200, bridge.whatsapp("audio", voiceNote("media-voice-1")));

    assertEquals(List.of("We open at ten."), bridge.whatsappTexts(1));
    assertEquals("[Audio] Transcript: When do you open on Sunday?", userText(bridge.model.requests().get(0)));
    FakeTranscriptionServer.Recorded sent = bridge.whisper.requests().get(0);
    assertEquals("whisper-large-v3", sent.fields().getString("model"));
    assertEquals("json", sent.fields().getString("response_format"));
    assertEquals("voice.ogg", sent.fileName(), "named from the bytes, so the server picks the decoder");
    assertEquals("audio/ogg", sent.fileType());
    assertEquals(MediaSamples.ogg(), sent.file(), "the exact bytes of the voice note");
    List<Recorded> media = bridge.graph.mediaRequests();
    assertEquals(2, media.size(), "the media lookup, then the download");
    assertTrue(media.get(0).path().endsWith("/media-voice-1"));
    media.forEach(request -> assertEquals("Bearer " + MediaBridge.WA_TOKEN, request.headers().get("Authorization")));
  }

  @Test
  @DisplayName("transcribers fail over in order: a 500, then a hang past its timeout, both leave it to the next")
  void transcribersFailOverInOrder() {
    bridge.graph.media("media-voice-2", "audio/ogg", MediaSamples.ogg());
    bridge.whisper.next(new FakeTranscriptionServer.Failure(500)).next(new FakeTranscriptionServer.Hang());
    bridge.model.always(FakeModelBehaviour.reply("Answered."));
    textOnly(TRANSCRIBERS);

    bridge.whatsapp("audio", voiceNote("media-voice-2"));
    assertEquals(List.of("Answered."), bridge.whatsappTexts(1));
    bridge.whatsapp("audio", voiceNote("media-voice-2"));
    assertEquals(List.of("Answered.", "Answered."), bridge.whatsappTexts(2));

    assertEquals(2, bridge.whisper.requests().size());
    assertEquals(2, bridge.whisper2.requests().size());
    assertEquals("[Audio] Transcript: Hello from the second transcriber", userText(bridge.model.requests().get(1)));
  }

  @Test
  @DisplayName("when every transcriber fails the user is told, in the operator's words, and no model is asked")
  void everyTranscriberFailing() {
    bridge.graph.media("media-voice-3", "audio/ogg", MediaSamples.ogg());
    bridge.whisper.always(new FakeTranscriptionServer.Failure(400));
    bridge.whisper2.always(new FakeTranscriptionServer.NoText());
    textOnly(TRANSCRIBERS + ", unreadableReply: \"Could not read your {media}: {reason}.\"");

    bridge.whatsapp("audio", voiceNote("media-voice-3"));

    assertEquals(List.of("Could not read your voice note: no transcriber could read it."), bridge.whatsappTexts(1));
    assertTrue(bridge.model.requests().isEmpty());
  }

  @Test
  @DisplayName("a spoken command works as if typed, and echoTranscript sends the transcript back first")
  void spokenCommandsAndEcho() {
    bridge.graph.media("media-voice-4", "audio/ogg", MediaSamples.ogg());
    bridge.whisper.next(new FakeTranscriptionServer.Transcript("Slash help."))
        .next(new FakeTranscriptionServer.Transcript("Tell me a joke"));
    bridge.model.reply("A joke.");
    textOnly(TRANSCRIBERS.replace("audio: {", "audio: { echoTranscript: true,"));

    bridge.whatsapp("audio", voiceNote("media-voice-4"));
    List<String> first = bridge.whatsappTexts(2);
    assertEquals("Transcript: \"Slash help.\"", first.get(0));
    assertTrue(first.get(1).startsWith("Commands:"), first.get(1));
    assertTrue(bridge.model.requests().isEmpty(), "the command was answered by the bridge");

    bridge.whatsapp("audio", voiceNote("media-voice-4"));
    List<String> second = bridge.whatsappTexts(4);
    assertEquals(List.of("Transcript: \"Tell me a joke\"", "A joke."), second.subList(2, 4));
  }

  @Test
  @DisplayName("a photo goes to a model that sees images as a data URL holding the exact bytes")
  void aPhotoReachesAVisionModel() {
    Buffer png = MediaSamples.png();
    bridge.graph.media("media-photo-1", "image/png", png);
    bridge.model.reply("Red and blue.");
    bridge.start(dir, TEXT_ONLY_PROVIDER.replace("input: [\"text\"]", "input: [\"text\", \"image\"]"),
        "primary: \"local/fake-model\"", "");

    bridge.whatsapp("image", new JsonObject().put("id", "media-photo-1").put("mime_type", "image/png")
        .put("caption", "What colours?"));

    assertEquals(List.of("Red and blue."), bridge.whatsappTexts(1));
    JsonArray content = MediaBridge.lastResponsesContent(bridge.model.requests().get(0));
    assertEquals("[Image] User text: What colours?", content.getJsonObject(0).getString("text"));
    JsonObject image = content.getJsonObject(1);
    assertEquals("input_image", image.getString("type"));
    assertEquals("auto", image.getString("detail"));
    assertEquals("data:image/png;base64," + Base64.getEncoder().encodeToString(png.getBytes()),
        image.getString("image_url"));
  }

  @Test
  @DisplayName("no model sees images and none describes them: the user is told, and the caption still answered")
  void anImageNobodyCanSee() {
    bridge.graph.media("media-photo-2", "image/png", MediaSamples.png());
    bridge.model.reply("About the caption.");
    textOnly("");

    bridge.whatsapp("image", new JsonObject().put("id", "media-photo-2").put("mime_type", "image/png")
        .put("caption", "Is this the right size?"));

    List<String> texts = bridge.whatsappTexts(2);
    assertTrue(texts.get(0).contains("couldn't read your photo (no model here can see images)"), texts.get(0));
    assertEquals("About the caption.", texts.get(1));
    assertEquals("Is this the right size?", userText(bridge.model.requests().get(0)));
    assertTrue(bridge.graph.mediaRequests().isEmpty(), "nothing downloaded that nobody could read");
  }

  @Test
  @DisplayName("a PDF's text reaches the model, delimited as the user's content; its caption runs no command")
  void aPdfIsRead() {
    bridge.graph.media("media-pdf-1", "application/pdf", MediaSamples.pdf("Invoice 4711 total 99 EUR"));
    bridge.model.reply("The total is 99 EUR.");
    textOnly("");

    bridge.whatsapp("document", new JsonObject().put("id", "media-pdf-1").put("mime_type", "application/pdf")
        .put("filename", "invoice.pdf").put("caption", "/reset"));

    assertEquals(List.of("The total is 99 EUR."), bridge.whatsappTexts(1));
    String text = userText(bridge.model.requests().get(0));
    assertTrue(text.startsWith("[Document invoice.pdf] The text between the markers is the content of a file"), text);
    assertTrue(text.contains("<<<document>>>\nInvoice 4711 total 99 EUR\n<<<end of document>>>\nUser text: /reset"),
        text);
  }

  @Test
  @DisplayName("a file larger than the cap is refused while reading, whatever the platform announced")
  void anOversizedFileIsStoppedWhileReading() {
    byte[] big = new byte[3 * 1024 * 1024];
    System.arraycopy(MediaSamples.png().getBytes(), 0, big, 0, 16);
    bridge.graph.mediaOfUnannouncedSize("media-big", "image/png", Buffer.buffer(big));
    bridge.start(dir, TEXT_ONLY_PROVIDER.replace("input: [\"text\"]", "input: [\"text\", \"image\"]"),
        "primary: \"local/fake-model\"", "image: { maxBytes: 1048576 }");

    bridge.whatsapp("image", new JsonObject().put("id", "media-big").put("mime_type", "image/png"));

    String note = bridge.whatsappTexts(1).get(0);
    assertTrue(note.contains("couldn't read your photo (it is larger than 1 MB)"), note);
    assertTrue(bridge.model.requests().isEmpty());
  }

  @Test
  @DisplayName("an expired media URL is looked up again once, then the file is read")
  void anExpiredUrlIsLookedUpAgain() {
    bridge.graph.media("media-pdf-2", "application/pdf", MediaSamples.pdf("Second try"));
    bridge.graph.expireNextDownloads(1);
    bridge.model.reply("Got it.");
    textOnly("");

    bridge.whatsapp("document", new JsonObject().put("id", "media-pdf-2").put("mime_type", "application/pdf")
        .put("filename", "a.pdf"));

    assertEquals(List.of("Got it."), bridge.whatsappTexts(1));
    assertEquals(4, bridge.graph.mediaRequests().size(), "lookup, expired download, lookup, download");
    assertTrue(userText(bridge.model.requests().get(0)).contains("Second try"));
  }

  @Test
  @DisplayName("a video gets a note and its caption an answer; a location is read as text")
  void videosAndLocations() {
    bridge.model.reply("About the caption.").reply("Near the station.");
    textOnly("");

    bridge.whatsapp("video", new JsonObject().put("id", "media-video").put("mime_type", "video/mp4")
        .put("caption", "Look at this"));
    List<String> texts = bridge.whatsappTexts(2);
    assertTrue(texts.get(0).contains("couldn't read your video (videos cannot be read here)"), texts.get(0));
    assertEquals("About the caption.", texts.get(1));

    bridge.whatsapp("location", new JsonObject().put("latitude", 45.4642).put("longitude", 9.19)
        .put("name", "Duomo").put("address", "Piazza del Duomo, Milano"));
    assertEquals("Near the station.", bridge.whatsappTexts(3).get(2));
    assertEquals("[Location] Duomo, Piazza del Duomo, Milano (latitude 45.4642, longitude 9.19)",
        userText(bridge.model.requests().get(1)));
    assertFalse(bridge.model.requests().get(0).body().encode().contains("media-video"));
  }
}
