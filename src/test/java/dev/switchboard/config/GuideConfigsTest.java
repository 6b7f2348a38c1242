package dev.switchboard.config;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Every JSON5 block of OpenClaw's "local models" guide, and every shipped config, loads unchanged. */
class GuideConfigsTest {

  private static final Path GUIDE = Path.of("../shared/reference/local-models-guide.it.md");
  private static final Map<String, String> NO_ENV = Map.of();

  static List<String> guideBlocks() throws IOException {
    assumeTrue(Files.exists(GUIDE), "skipped: " + GUIDE + " is absent (the shared reference folder is not beside the project)");
    Matcher matcher = Pattern.compile("```json5\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(GUIDE));
    List<String> blocks = new ArrayList<>();
    while (matcher.find()) {
      blocks.add(matcher.group(1));
    }
    return blocks;
  }

  @Test
  @DisplayName("the guide's LM Studio + MiniMax block: one local primary, aliases for Opus and Minimax")
  void lmStudioBlockLoads() throws IOException {
    SwitchboardConfig config = ConfigLoader.parse("guide", guideBlocks().get(0), NO_ENV);
    assertEquals("lmstudio/minimax-m2.1-gs32", config.agent().primary().toString());
    assertEquals(List.of(), config.agent().fallbacks());
    assertEquals("lmstudio/minimax-m2.1-gs32", config.models().resolve("minimax").orElseThrow().ref().toString());
    assertEquals("anthropic/claude-opus-4-5", config.models().resolve("Opus").orElseThrow().ref().toString());
    ProviderConfig lmstudio = config.models().provider("lmstudio").orElseThrow();
    assertEquals(ModelApi.OPENAI_RESPONSES, lmstudio.api());
    assertEquals("http://127.0.0.1:1234/v1", lmstudio.baseUrl());
    assertEquals(196608, lmstudio.models().get(0).contextWindow());
    assertEquals(8192, lmstudio.models().get(0).maxTokens());
  }

  @Test
  @DisplayName("the guide's hybrid block: hosted Sonnet first, then local MiniMax, then Opus")
  void hybridBlockLoads() throws IOException {
    SwitchboardConfig config = ConfigLoader.parse("guide", guideBlocks().get(1), NO_ENV);
    assertEquals(List.of("anthropic/claude-sonnet-4-5", "lmstudio/minimax-m2.1-gs32", "anthropic/claude-opus-4-5"),
        config.agent().chain().stream().map(ModelRef::toString).toList());
    assertEquals(ModelApi.ANTHROPIC_MESSAGES, config.models().provider("anthropic").orElseThrow().api());
    assertEquals("lmstudio/minimax-m2.1-gs32", config.models().resolve("minimax local").orElseThrow().ref().toString());
  }

  @Test
  @DisplayName("without ANTHROPIC_API_KEY the hosted models are unavailable, not fatal")
  void hostedModelsWithoutKeyAreUnavailable() throws IOException {
    SwitchboardConfig config = ConfigLoader.parse("guide", guideBlocks().get(1), NO_ENV);
    ProviderConfig anthropic = config.models().provider("anthropic").orElseThrow();
    assertFalse(anthropic.available());
    assertTrue(anthropic.unavailableReason().contains("ANTHROPIC_API_KEY"), anthropic.unavailableReason());
    assertTrue(config.models().provider("lmstudio").orElseThrow().available());

    SwitchboardConfig withKey = ConfigLoader.parse("guide", guideBlocks().get(1), Map.of("ANTHROPIC_API_KEY", "sk-ant-x"));
    assertEquals("sk-ant-x", withKey.models().provider("anthropic").orElseThrow().apiKey());
  }

  @Test
  @DisplayName("the guide's generic local provider at 127.0.0.1:8000/v1: its first model is the primary")
  void localProviderBlockLoads() throws IOException {
    SwitchboardConfig config = ConfigLoader.parse("guide", guideBlocks().get(2), NO_ENV);
    assertEquals("local/my-local-model", config.agent().primary().toString());
    assertEquals("http://127.0.0.1:8000/v1", config.models().provider("local").orElseThrow().baseUrl());
    assertEquals("sk-local", config.models().provider("local").orElseThrow().apiKey());
  }

  static Stream<Arguments> examplesCopiedFromTheGuide() {
    return Stream.of(Arguments.of(0, "conf/examples/lmstudio-minimax.json5"),
        Arguments.of(1, "conf/examples/hybrid.json5"), Arguments.of(2, "conf/examples/local-provider.json5"));
  }

  @ParameterizedTest(name = "{1} is the guide''s block {0}, unchanged")
  @MethodSource("examplesCopiedFromTheGuide")
  void shippedExamplesAreTheGuideBlocksVerbatim(int block, String file) throws IOException {
    String shipped = Files.readString(Path.of(file)).lines().filter(line -> !line.startsWith("//"))
        .reduce("", (a, b) -> a + b + "\n");
    assertEquals(guideBlocks().get(block).strip(), shipped.strip());
  }

  static Stream<Path> shippedConfigs() throws IOException {
    try (Stream<Path> examples = Files.list(Path.of("conf/examples"))) {
      List<Path> all = new ArrayList<>(examples.sorted().toList());
      all.add(0, Path.of(ConfigLoader.DEFAULT_PATH));
      return all.stream();
    }
  }

  @ParameterizedTest(name = "{0} loads")
  @MethodSource("shippedConfigs")
  void everyShippedConfigLoads(Path file) {
    SwitchboardConfig config = ConfigLoader.load(file, NO_ENV);
    assertFalse(config.models().chain().isEmpty());
    config.models().chain().forEach(model -> assertTrue(model.definition().maxTokens() < model.definition().contextWindow()));
  }

  @Test
  @DisplayName("the local-first example is the hybrid chain reversed, LM Studio first")
  void localFirstStartsLocal() {
    SwitchboardConfig config = ConfigLoader.load(Path.of("conf/examples/local-first.json5"), NO_ENV);
    assertEquals(List.of("lmstudio/minimax-m2.1-gs32", "anthropic/claude-sonnet-4-5", "anthropic/claude-opus-4-5"),
        config.agent().chain().stream().map(ModelRef::toString).toList());
  }
}
