package dev.switchboard.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The configuration rules of DESIGN.md §3: what loads, and what fails at start with path and reason. */
class ConfigLoaderTest {

  private static final String LOCAL_PROVIDER = """
      local: { baseUrl: "http://127.0.0.1:8000/v1/", api: "openai-responses",
               models: [{ id: "qwen/qwen3-32b", contextWindow: 32768, maxTokens: 4096 }] }""";

  private static SwitchboardConfig parse(String text, Map<String, String> env) {
    return ConfigLoader.parse("test.json5", text, env);
  }

  private static String failure(String text) {
    return assertThrows(ConfigException.class, () -> parse(text, Map.of())).getMessage();
  }

  @Test
  void json5SyntaxIsAccepted() {
    SwitchboardConfig config = parse("""
        // comment
        { /* block */ gateway: { 'bind': '0.0.0.0', port: +9090, }, models: { providers: { %s, }, }, }
        """.formatted(LOCAL_PROVIDER), Map.of());
    assertEquals("0.0.0.0", config.gateway().bind());
    assertEquals(9090, config.gateway().port());
    assertEquals("http://127.0.0.1:8000/v1", config.models().provider("local").orElseThrow().baseUrl());
  }

  @Test
  void syntaxErrorsNameLineAndColumn() {
    String message = failure("{\n  gateway: { port: 80 \n  models: {}\n}");
    assertTrue(message.startsWith("test.json5 line 3, column"), message);
  }

  @Test
  void anUnclosedObjectSaysWhereItOpenedWithoutTheParsersNotes() {
    String message = failure("{ gateway: { port: 80 },\n  models: { providers: {}\n}");
    assertEquals("test.json5 line 3, column 2: Unexpected end-of-input: expected close marker for Object"
        + " (opened at line 1, column 1)", message);
  }

  @Test
  void aKeyGivenTwiceIsRefusedWithItsName() {
    String message = failure("{ gateway: { port: 80, port: 81 } }");
    assertTrue(message.startsWith("test.json5 line 1, column") && message.contains("Duplicate field 'port'"), message);
  }

  @Test
  void contentAfterTheClosingBraceIsRefused() {
    String message = failure("{ gateway: { port: 80 } }\n{ gateway: { port: 81 } }");
    assertTrue(message.startsWith("test.json5 line 2, column"), message);
  }

  @Test
  void aModelNamedTwiceInTheChainIsRefusedWhateverTheProviderCase() {
    String chain = "agents: { defaults: { model: { primary: \"local/qwen/qwen3-32b\", fallbacks: [%s] } } }";
    String models = "models: { providers: { " + LOCAL_PROVIDER.replace("}] }", "}, { id: \"qwen/qwen3-8b\" }] }") + " } }";
    String message = failure("{ " + models + ", " + chain.formatted("\"LOCAL/qwen/qwen3-32b\"") + " }");
    assertEquals("agents.defaults.model.fallbacks[0]: local/qwen/qwen3-32b is already in the chain", message);
    String twice = failure("{ " + models + ", " + chain.formatted("\"local/qwen/qwen3-8b\", \"local/qwen/qwen3-8b\"") + " }");
    assertTrue(twice.contains("fallbacks[1]: local/qwen/qwen3-8b is already in the chain"), twice);
  }

  @Test
  void maxPendingBoundsWhatANodeHoldsAndIsAtLeastOne() {
    String models = "models: { providers: { " + LOCAL_PROVIDER + " } }";
    assertEquals(MessagesConfig.DEFAULT_MAX_PENDING, parse("{ " + models + " }", Map.of()).messages().maxPending());
    assertEquals(250, parse("{ " + models + ", messages: { maxPending: 250 } }", Map.of()).messages().maxPending());
    String message = failure("{ " + models + ", messages: { maxPending: 0 } }");
    assertTrue(message.contains("messages.maxPending"), message);
  }

  @Test
  void anEmptyFileIsNotAConfiguration() {
    assertEquals("test.json5: the configuration must be a JSON5 object", failure("  // nothing here\n"));
    assertEquals("test.json5: the configuration must be a JSON5 object", failure("[1, 2]"));
  }

  @Test
  void json5NumbersKeepTheirValue() {
    SwitchboardConfig config = parse("""
        { gateway: { port: 8080., drainSeconds: .5e1 }, models: { providers: { %s } } }
        """.formatted(LOCAL_PROVIDER), Map.of());
    assertEquals(8080, config.gateway().port());
    assertEquals(5, config.gateway().drainSeconds());
  }

  @Test
  void modelRefsSplitOnTheFirstSlashOnly() {
    SwitchboardConfig config = parse("""
        { agents: { defaults: { model: "local/qwen/qwen3-32b" } }, models: { providers: { %s } } }
        """.formatted(LOCAL_PROVIDER), Map.of());
    assertEquals(new ModelRef("local", "qwen/qwen3-32b"), config.agent().primary());
    assertEquals("local/qwen/qwen3-32b", config.models().resolve("qwen/qwen3-32b").orElseThrow().ref().toString());
  }

  @Test
  void unknownApiNamesTheAllowedValues() {
    String message = failure("""
        { models: { providers: { lmstudio: { baseUrl: "http://127.0.0.1:1234/v1", api: "openai-response",
          models: [{ id: "m" }] } } } }""");
    assertEquals("models.providers.lmstudio.api: \"openai-response\" is not one of openai-responses, "
        + "openai-completions, anthropic-messages", message);
  }

  @Test
  void reasoningTagsArePerModelAndValidated() {
    SwitchboardConfig config = ConfigLoader.parse("test", """
        { models: { providers: { lmstudio: { baseUrl: "http://127.0.0.1:1234/v1",
          models: [{ id: "minimax", reasoningTags: "orphan-close" }, { id: "qwen" }] } } },
          streaming: { minIntervalMs: 500 } }""", Map.of());
    assertEquals(ReasoningTags.ORPHAN_CLOSE, config.models().resolve("lmstudio/minimax").orElseThrow().definition().reasoningTags());
    assertEquals(ReasoningTags.PAIRED, config.models().resolve("lmstudio/qwen").orElseThrow().definition().reasoningTags());
    assertEquals(500, config.streaming().minIntervalMs());
    assertEquals("models.providers.lmstudio.models[0].reasoningTags: \"orphan\" is not one of paired, orphan-close",
        failure("""
        { models: { providers: { lmstudio: { baseUrl: "http://127.0.0.1:1234/v1",
          models: [{ id: "m", reasoningTags: "orphan" }] } } } }"""));
    assertTrue(failure("{ streaming: { minIntervalMs: 10 }, models: { providers: { %s } } }".formatted(LOCAL_PROVIDER))
        .startsWith("streaming.minIntervalMs"));
  }

  @Test
  void aBindAddressThatCannotBeBoundIsRefusedBeforeTheStart() {
    for (String bind : List.of("127.0.0.1", "0.0.0.0", "::", "::1", "[::1]", "localhost", "bridge.internal.example.", "my_app")) {
      assertEquals(bind, parse("{ gateway: { bind: '%s' }, models: { providers: { %s } } }".formatted(bind, LOCAL_PROVIDER),
          Map.of()).gateway().bind());
    }
    assertEquals("gateway.bind: \"999.1.1.1\" is not an IPv4 address: each part is 0-255",
        failure("{ gateway: { bind: '999.1.1.1' }, models: { providers: { %s } } }".formatted(LOCAL_PROVIDER)));
    assertEquals("gateway.bind: \"0.0.0.0:8080\" looks like host:port; the port goes in gateway.port",
        failure("{ gateway: { bind: '0.0.0.0:8080' }, models: { providers: { %s } } }".formatted(LOCAL_PROVIDER)));
    assertEquals("gateway.bind: \"not a host\" is not a host name or IP address",
        failure("{ gateway: { bind: 'not a host' }, models: { providers: { %s } } }".formatted(LOCAL_PROVIDER)));
    assertEquals("gateway.bind: \"10.1.1\" is not an IPv4 address (four numbers 0-255, like 127.0.0.1)",
        failure("{ gateway: { bind: '10.1.1' }, models: { providers: { %s } } }".formatted(LOCAL_PROVIDER)));
  }

  @Test
  void aVariableTheEnvironmentLacksIsAnErrorWhereItsValueIsUsed() {
    assertEquals("gateway.bind: uses BIND_ADDRESS, which the environment does not set",
        failure("{ gateway: { bind: '${BIND_ADDRESS}' }, models: { providers: { %s } } }".formatted(LOCAL_PROVIDER)));
    assertEquals("agents.defaults.systemPrompt: uses PROMPT, which the environment does not set",
        failure("{ agents: { defaults: { systemPrompt: 'Be brief. ${PROMPT}' } }, models: { providers: { %s } } }"
            .formatted(LOCAL_PROVIDER)));
    assertEquals("0.0.0.0", parse("{ gateway: { bind: '${BIND_ADDRESS}' }, models: { providers: { %s } } }"
        .formatted(LOCAL_PROVIDER), Map.of("BIND_ADDRESS", "0.0.0.0")).gateway().bind());
    assertEquals("127.0.0.1", parse("{ gateway: { bind: '${BIND_ADDRESS:-127.0.0.1}' }, models: { providers: { %s } } }"
        .formatted(LOCAL_PROVIDER), Map.of()).gateway().bind());
    assertEquals("models.providers.local.baseUrls[1]: uses SECOND_GPU, which the environment does not set",
        failure("""
        { models: { providers: { local: { baseUrls: ["http://127.0.0.1:8000/v1", "${SECOND_GPU}"],
          models: [{ id: "m" }] } } } }"""));
    SwitchboardConfig keyLater = parse("""
        { models: { providers: { local: { baseUrl: "http://127.0.0.1:8000/v1", apiKey: "${LOCAL_KEY}",
          models: [{ id: "m" }] } } } }""", Map.of());
    assertTrue(keyLater.models().chain().get(0).provider().unavailableReason().contains("LOCAL_KEY"),
        "a secret may be missing until it is used");
  }

  @Test
  void unknownKeysAreRejectedWithTheirPath() {
    assertTrue(failure("{ gateway: { prot: 8080 }, models: { providers: { %s } } }".formatted(LOCAL_PROVIDER)).startsWith("gateway.prot: unknown key"));
    assertTrue(failure("{ models: { providers: { %s } }, agents: { defaults: { modle: 'x' } } }"
        .formatted(LOCAL_PROVIDER)).startsWith("agents.defaults.modle: unknown key"));
    assertTrue(failure("""
        { models: { providers: { local: { baseUrl: "http://127.0.0.1:8000/v1",
          models: [{ id: "a", contextWindw: 1000 }] } } } }""")
        .startsWith("models.providers.local.models[0].contextWindw: unknown key"));
  }

  @Test
  void wrongTypesAreRejectedWithTheirPath() {
    assertEquals("gateway.port: must be a whole number, not the string \"8080\"",
        failure("{ gateway: { port: '8080' } }"));
    assertEquals("models.providers.local.models[0].maxTokens: must be a whole number, not the string \"lots\"",
        failure("{ models: { providers: { local: { baseUrl: 'http://127.0.0.1:8000/v1', "
            + "models: [{ id: 'a', maxTokens: 'lots' }] } } } }"));
  }

  @Test
  void unknownRefsInTheChainAreRejected() {
    String message = failure("""
        { agents: { defaults: { model: { primary: "local/qwen/qwen3-32b", fallbacks: ["local/nope"] } } },
          models: { providers: { %s } } }""".formatted(LOCAL_PROVIDER));
    assertTrue(message.startsWith("agents.defaults.model.fallbacks[0]: unknown model \"local/nope\""), message);
  }

  @Test
  void replaceModeDropsTheBuiltInCatalog() {
    String text = """
        { agents: { defaults: { model: { primary: "local/qwen/qwen3-32b", fallbacks: ["anthropic/claude-opus-4-5"] } } },
          models: { mode: "%s", providers: { %s } } }""";
    assertEquals(2, parse(text.formatted("merge", LOCAL_PROVIDER), Map.of()).agent().chain().size());
    assertTrue(failure(text.formatted("replace", LOCAL_PROVIDER)).contains("unknown model \"anthropic/claude-opus-4-5\""));
  }

  @Test
  void aFileProviderOverridesTheBuiltInOneFieldByField() {
    SwitchboardConfig config = parse("""
        { models: { providers: { anthropic: { baseUrl: "http://127.0.0.1:9999", apiKey: "${MY_KEY}",
            models: [{ id: "claude-opus-4-5", maxTokens: 1024 }] } } } }""", Map.of("MY_KEY", "k"));
    ProviderConfig anthropic = config.models().provider("anthropic").orElseThrow();
    assertEquals("http://127.0.0.1:9999", anthropic.baseUrl());
    assertEquals(ModelApi.ANTHROPIC_MESSAGES, anthropic.api());
    assertEquals("k", anthropic.apiKey());
    ModelDefinition opus = anthropic.model("claude-opus-4-5").orElseThrow();
    assertEquals(1024, opus.maxTokens());
    assertEquals(200_000, opus.contextWindow());
    assertTrue(anthropic.model("claude-sonnet-4-5").isPresent());
  }

  @Test
  void environmentVariablesAreSubstitutedAndEscapable() {
    SwitchboardConfig config = parse("""
        { agents: { defaults: { systemPrompt: "Hi ${NAME}, literal $${NAME}" } },
          models: { providers: { %s } } }""".formatted(LOCAL_PROVIDER), Map.of("NAME", "Ada"));
    assertEquals("Hi Ada, literal ${NAME}", config.agent().systemPrompt());
  }

  @Test
  void aVariableMayHaveAShellStyleDefault() {
    String text = "{ gateway: { bind: '${SWITCHBOARD_BIND:-127.0.0.1}' }, models: { providers: { %s } } }"
        .formatted(LOCAL_PROVIDER);
    assertEquals("127.0.0.1", parse(text, Map.of()).gateway().bind());
    assertEquals("0.0.0.0", parse(text, Map.of("SWITCHBOARD_BIND", "0.0.0.0")).gateway().bind());
  }

  @Test
  void aMissingKeyMakesTheProviderUnavailableAndSaysWhich() {
    SwitchboardConfig config = parse("""
        { models: { providers: { local: { baseUrl: "http://127.0.0.1:8000/v1", apiKey: "${LOCAL_KEY}",
            models: [{ id: "a" }] } } } }""", Map.of());
    ProviderConfig local = config.models().provider("local").orElseThrow();
    assertFalse(local.available());
    assertEquals("LOCAL_KEY not set (models.providers.local.apiKey)", local.unavailableReason());
  }

  @Test
  void localServersGetPatientDeadlinesAndHostedOnesFastOnes() {
    SwitchboardConfig config = parse("{ models: { providers: { %s } } }".formatted(LOCAL_PROVIDER), Map.of());
    ProviderConfig local = config.models().provider("local").orElseThrow();
    ProviderConfig openai = config.models().provider("openai").orElseThrow();
    assertEquals(300_000, local.firstTokenTimeoutMs());
    assertEquals(1_000, local.connectTimeoutMs());
    assertEquals(60_000, openai.firstTokenTimeoutMs());
    assertEquals(5_000, openai.connectTimeoutMs());
  }

  @Test
  void aliasesResolveInAnyCaseAndMustBeUnique() {
    String text = """
        { agents: { defaults: { models: { "local/qwen/qwen3-32b": { alias: "Qwen" },
                                          "anthropic/claude-opus-4-5": { alias: "%s" } } } },
          models: { providers: { %s } } }""";
    SwitchboardConfig config = parse(text.formatted("Opus", LOCAL_PROVIDER), Map.of());
    assertEquals("local/qwen/qwen3-32b", config.models().resolve("QWEN").orElseThrow().ref().toString());
    assertTrue(failure(text.formatted("qwen", LOCAL_PROVIDER)).contains("\"qwen\" already names local/qwen/qwen3-32b"));
  }

  @Test
  void maxTokensMustLeaveRoomInTheWindow() {
    assertTrue(failure("{ models: { providers: { local: { baseUrl: 'http://127.0.0.1:8000/v1', "
        + "models: [{ id: 'a', contextWindow: 4096, maxTokens: 8192 }] } } } }")
        .startsWith("models.providers.local.models[0].maxTokens: 8192 leaves no room"));
  }

  @Test
  void baseUrlMustBeHttp() {
    assertTrue(failure("{ models: { providers: { local: { baseUrl: 'localhost:8000', models: [{ id: 'a' }] } } } }")
        .startsWith("models.providers.local.baseUrl: \"localhost:8000\" must be an http:// or https:// URL"));
  }

  @Test
  void anUnreadableFileIsAClearError() {
    ConfigException error = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(Path.of("conf/does-not-exist.json5"), Map.of()));
    assertEquals("cannot read conf/does-not-exist.json5: no such file", error.getMessage());
  }

  @Test
  void theConfigFileComesFromTheFlagThenTheEnvironmentThenTheDefault() {
    assertEquals(Path.of("a.json5"), ConfigLoader.locate("a.json5", Map.of("SWITCHBOARD_CONFIG", "b.json5")));
    assertEquals(Path.of("b.json5"), ConfigLoader.locate(null, Map.of("SWITCHBOARD_CONFIG", "b.json5")));
    assertEquals(Path.of("conf/switchboard.json5"), ConfigLoader.locate(null, Map.of()));
  }

  @Test
  void sessionScopesThatMergeChatsAreRejected() {
    assertEquals("session.dmScope: \"main\" is not one of per-channel-peer",
        failure("{ session: { dmScope: 'main' }, models: { providers: { %s } } }".formatted(LOCAL_PROVIDER)));
  }

  @Test
  void unknownChannelsAreRejected() {
    assertTrue(failure("{ channels: { discord: {} }, models: { providers: { %s } } }".formatted(LOCAL_PROVIDER))
        .startsWith("channels.discord: unknown key"));
  }

  @Test
  void theBuiltInCatalogOffersTheThreeHostedProviders() {
    SwitchboardConfig config = parse("{ models: { providers: { %s } } }".formatted(LOCAL_PROVIDER), Map.of());
    assertEquals(List.of(ModelApi.ANTHROPIC_MESSAGES, ModelApi.OPENAI_RESPONSES, ModelApi.OPENAI_COMPLETIONS),
        List.of("anthropic", "openai", "openrouter").stream()
            .map(id -> config.models().provider(id).orElseThrow().api()).toList());
    assertTrue(config.models().provider("openrouter").orElseThrow().unavailableReason().contains("OPENROUTER_API_KEY"));
  }

  @Test
  void commandsNameOperatorsPerChannelAndTheModelsOthersMayChoose() {
    SwitchboardConfig config = parse("""
        { agents: { defaults: { model: { primary: "local/qwen/qwen3-32b" },
                                models: { "local/qwen/qwen3-32b": { alias: "Qwen" } } } },
          models: { providers: { %s } },
          commands: { operators: { telegram: ["111"], whatsapp: ["15551234567"] }, allowedModels: ["Qwen"] } }
        """.formatted(LOCAL_PROVIDER), Map.of());

    assertTrue(config.commands().isOperator("telegram", "111"));
    assertFalse(config.commands().isOperator("whatsapp", "111"));
    assertEquals(java.util.Set.of(ModelRef.parseOrNull("local/qwen/qwen3-32b")), config.commands().allowedModels());
    assertFalse(parse("{ models: { providers: { %s } } }".formatted(LOCAL_PROVIDER), Map.of()).commands()
        .isOperator("telegram", "111"), "nobody by default");
  }

  @Test
  void anAllowedModelThatDoesNotResolveIsRejectedWithItsPath() {
    String message = failure("""
        { models: { providers: { %s } }, commands: { allowedModels: ["gpt-9"] } }""".formatted(LOCAL_PROVIDER));
    assertTrue(message.startsWith("commands.allowedModels: \"gpt-9\" is not a configured model"), message);
  }

  @Test
  void theOpsTokenAndTheIdleTimeoutAreRead() {
    GatewayConfig gateway = parse("""
        { gateway: { opsToken: "${OPS_TOKEN}", idleTimeoutSeconds: 30 }, models: { providers: { %s } } }"""
        .formatted(LOCAL_PROVIDER), Map.of("OPS_TOKEN", "ops-secret-1")).gateway();

    assertEquals("ops-secret-1", gateway.opsToken());
    assertEquals(30, gateway.idleTimeoutSeconds());
    assertFalse(gateway.toString().contains("ops-secret-1"), gateway.toString());
    assertEquals(120, parse("{ models: { providers: { %s } } }".formatted(LOCAL_PROVIDER), Map.of()).gateway()
        .idleTimeoutSeconds());
  }
}
