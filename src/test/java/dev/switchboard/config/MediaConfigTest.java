package dev.switchboard.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code tools.media} in OpenClaw's shape, validated with JSON paths like the rest of the file. */
@Timeout(10)
class MediaConfigTest {

  private static final String PROVIDERS = """
      models: { mode: "replace", providers: {
        lmstudio: { baseUrl: "http://127.0.0.1:1234/v1", apiKey: "lm", api: "openai-completions",
                    models: [{ id: "qwen2.5-vl-7b", input: ["text", "image"] }, { id: "minimax", input: ["text"] }] },
        whisper: { baseUrl: "http://127.0.0.1:8178/v1", apiKey: "none", models: [{ id: "whisper-large-v3" }] } } },
      """;

  private static SwitchboardConfig load(String tools) {
    return ConfigLoader.parse("test", "{ " + PROVIDERS + " tools: " + tools + " }", Map.of());
  }

  private static String error(String tools) {
    return assertThrows(ConfigException.class, () -> load(tools)).getMessage();
  }

  @Test
  void theDesignsBlockLoadsAsWritten() {
    MediaConfig media = load("""
        { media: {
          audio: { enabled: true, maxBytes: 20971520, language: null, echoTranscript: false,
                   models: [{ provider: "whisper", model: "whisper-large-v3", timeoutSeconds: 60 }] },
          image: { enabled: true, maxBytes: 10485760, prompt: "Describe the image for a reader who cannot see it.", maxChars: 500,
                   models: [{ provider: "lmstudio", model: "qwen2.5-vl-7b" }] },
          document: { enabled: true, maxBytes: 20971520, maxChars: 20000 },
        } }""").media();

    assertEquals("whisper/whisper-large-v3", media.audio().models().get(0).model().ref().toString());
    assertEquals(60_000, media.audio().models().get(0).timeoutMs());
    assertNull(media.audio().language());
    assertTrue(media.image().models().get(0).model().definition().seesImages());
    assertEquals(20_000, media.document().maxChars());
  }

  @Test
  void withoutToolsEverythingIsOnWithNoModels() {
    MediaConfig media = ConfigLoader.parse("test", "{ " + PROVIDERS + " }", Map.of()).media();

    assertTrue(media.audio().enabled() && media.image().enabled() && media.document().enabled());
    assertTrue(media.audio().models().isEmpty());
    assertEquals(10L * 1024 * 1024, media.image().maxBytes());
    assertTrue(media.unreadableReply().contains("{media}"));
  }

  @Test
  void anImageModelTheProviderDoesNotListIsTakenAsAVisionModel() {
    MediaConfig media = load("{ media: { image: { models: [{ provider: \"lmstudio\", model: \"llava\" }] } } }").media();
    assertTrue(media.image().models().get(0).model().definition().seesImages());
  }

  @Test
  void mistakesAreReportedWithTheirPath() {
    assertEquals("tools.media.audio.models[0].provider: \"whisperx\" is not a provider of models.providers",
        error("{ media: { audio: { models: [{ provider: \"whisperx\", model: \"m\" }] } } }"));
    assertTrue(error("{ media: { audio: { models: [{ type: \"cli\", command: \"whisper\" }] } } }")
        .startsWith("tools.media.audio.models[0].command: unknown key"));
    assertTrue(error("{ media: { audio: { models: [{ type: \"cli\", provider: \"whisper\", model: \"m\" }] } } }")
        .startsWith("tools.media.audio.models[0].type: \"cli\" is not supported"));
    assertTrue(error("{ media: { document: { maxChar: 10 } } }").startsWith("tools.media.document.maxChar: unknown key"));
    assertTrue(error("{ media: { image: { maxBytes: \"big\" } } }").startsWith("tools.media.image.maxBytes:"));
    assertTrue(error("{ media: { unreadableReply: \" \" } }").startsWith("tools.media.unreadableReply: must not be blank"));
    assertTrue(error("{ web: {} }").startsWith("tools.web: unknown key"));
  }
}
