package dev.switchboard.media;

import dev.switchboard.fakes.FakeModelRequest;
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

/**
 * Telegram photos through chains of models that do and do not see images: each API gets the image in
 * its own shape with the exact bytes, a text-only fallback gets the description, and the history keeps
 * only text.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ImageChainTest {

  @TempDir
  Path dir;
  private MediaBridge bridge;
  private Buffer png;
  private String base64;

  @BeforeEach
  void fakes(Vertx vertx) {
    bridge = MediaBridge.fakes(vertx);
    png = MediaSamples.png();
    base64 = Base64.getEncoder().encodeToString(png.getBytes());
    // Three sizes, the largest not last: the bridge must pick it by area.
    bridge.telegram.file("photo-small", "photos/small.png", MediaSamples.gif())
        .file("photo-large", "photos/large.png", png).file("photo-medium", "photos/medium.png", MediaSamples.gif());
  }

  @AfterEach
  void close() {
    bridge.close();
  }

  private static JsonObject photo(String caption) {
    return new JsonObject().put("caption", caption).put("photo", new JsonArray()
        .add(size("photo-small", 90, 60)).add(size("photo-large", 1280, 960)).add(size("photo-medium", 320, 240)));
  }

  private static JsonObject size(String fileId, int width, int height) {
    return new JsonObject().put("file_id", fileId).put("file_unique_id", fileId + "-u").put("width", width)
        .put("height", height);
  }

  private static String provider(String id, String url, String api, String input) {
    return "%s: { baseUrl: \"%s\", apiKey: \"k\", api: \"%s\", models: [{ id: \"fake-model\", input: %s, "
        .formatted(id, url, api, input) + "contextWindow: 32768, maxTokens: 1024 }] },\n";
  }

  @Test
  @DisplayName("vision primary fails: the text-only fallback answers from the description, and history keeps text")
  void aTextOnlyFallbackGetsTheDescription() {
    bridge.model.fail(500).reply("You're welcome.");
    bridge.fallback.reply("A red and blue flag.");
    bridge.describer.reply("Two vertical stripes, red and blue.");
    bridge.start(dir, provider("vision", "{model}", "openai-responses", "[\"text\", \"image\"]")
            + provider("textonly", "{fallback}", "anthropic-messages", "[\"text\"]")
            + provider("describer", "{describer}", "openai-completions", "[\"text\"]"),
        "primary: \"vision/fake-model\", fallbacks: [\"textonly/fake-model\"]",
        "image: { models: [{ provider: \"describer\", model: \"fake-model\" }], maxChars: 200 }");

    assertEquals(200, bridge.telegram(photo("What is this?")));
    assertEquals(List.of("A red and blue flag."), bridge.telegramTexts(1));
    assertEquals(List.of("photos/large.png"), bridge.telegram.downloads(), "only the largest size");

    // The describer, itself a vision model, got the exact bytes in Chat Completions' shape.
    JsonArray described = bridge.describer.requests().get(0).body().getJsonArray("messages").getJsonObject(0)
        .getJsonArray("content");
    assertEquals("Describe the image for a reader who cannot see it.", described.getJsonObject(0).getString("text"));
    assertEquals("data:image/png;base64," + base64,
        described.getJsonObject(1).getJsonObject("image_url").getString("url"));
    // The primary saw the image itself; the fallback, which cannot, read the description.
    assertTrue(bridge.model.requests().get(0).body().encode().contains(base64));
    String fallbackText = bridge.fallback.requests().get(0).body().getJsonArray("messages").getJsonObject(0)
        .getString("content");
    assertEquals("[Image] User text: What is this?\n\n[Image] Description: Two vertical stripes, red and blue.",
        fallbackText);

    bridge.telegram(new JsonObject().put("text", "Thanks!"));
    assertEquals("You're welcome.", bridge.telegramTexts(2).get(1));
    FakeModelRequest secondTurn = bridge.model.requests().get(1);
    assertFalse(secondTurn.body().encode().contains(base64), "the image is not kept beyond its turn");
    assertTrue(secondTurn.body().encode().contains("Two vertical stripes, red and blue."),
        "the history keeps the description");
  }

  @Test
  @DisplayName("Anthropic gets a base64 image block with the exact bytes")
  void anthropicGetsABase64Block() {
    bridge.model.reply("Seen.");
    bridge.start(dir, provider("claude", "{model}", "anthropic-messages", "[\"text\", \"image\"]"),
        "primary: \"claude/fake-model\"", "");

    bridge.telegram(photo(""));

    assertEquals(List.of("Seen."), bridge.telegramTexts(1));
    JsonArray content = bridge.model.requests().get(0).body().getJsonArray("messages").getJsonObject(0)
        .getJsonArray("content");
    JsonObject source = content.getJsonObject(0).getJsonObject("source");
    assertEquals("image", content.getJsonObject(0).getString("type"));
    assertEquals(new JsonObject().put("type", "base64").put("media_type", "image/png").put("data", base64), source);
    assertEquals("[Image]", content.getJsonObject(1).getString("text"));
  }

  @Test
  @DisplayName("a text-only model without a describer: the user is told the photo cannot be seen")
  void nobodySeesIt() {
    bridge.start(dir, provider("local", "{model}", "openai-completions", "[\"text\"]"),
        "primary: \"local/fake-model\"", "");

    bridge.telegram(photo(""));

    String note = bridge.telegramTexts(1).get(0);
    assertTrue(note.contains("photo (no model here can see images)"), note);
    assertTrue(bridge.model.requests().isEmpty(), "no caption, nothing else to answer");
    assertTrue(bridge.telegram.downloads().isEmpty());
  }

  @Test
  @DisplayName("a GIF is declined: not every vision API takes one")
  void aGifIsDeclined() {
    bridge.telegram.file("gif-1", "photos/a.gif", MediaSamples.gif());
    bridge.model.reply("About the caption.");
    bridge.start(dir, provider("local", "{model}", "openai-completions", "[\"text\", \"image\"]"),
        "primary: \"local/fake-model\"", "");

    bridge.telegram(new JsonObject().put("caption", "and this?").put("photo", new JsonArray()
        .add(size("gif-1", 4, 4))));

    List<String> texts = bridge.telegramTexts(2);
    assertTrue(texts.get(0).contains("only JPEG, PNG and WebP images can be read"), texts.get(0));
    assertEquals("About the caption.", texts.get(1));
    assertEquals("and this?", bridge.model.requests().get(0).body().getJsonArray("messages").getJsonObject(0)
        .getString("content"));
  }
}
