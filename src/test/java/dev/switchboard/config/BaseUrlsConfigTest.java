package dev.switchboard.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code baseUrls}: several servers of one provider, read and checked with the path of what is wrong. */
class BaseUrlsConfigTest {

  private static SwitchboardConfig load(String provider) {
    return ConfigLoader.parse("test", """
        { agents: { defaults: { model: { primary: "gpu/m" } } },
          models: { mode: "replace", providers: { gpu: { %s api: "openai-completions",
            models: [{ id: "m" }] } } } }
        """.formatted(provider), Map.of());
  }

  @Test
  void everyServerIsKeptInOrderAndTheFirstIsTheBaseUrl() {
    ProviderConfig gpu = load("baseUrls: [\"http://10.0.0.1:8000/v1/\", \"http://10.0.0.2:8000/v1\"], maxQueued: 5,")
        .models().chain().get(0).provider();
    assertEquals(List.of("http://10.0.0.1:8000/v1", "http://10.0.0.2:8000/v1"), gpu.baseUrls());
    assertEquals("http://10.0.0.1:8000/v1", gpu.baseUrl());
    assertEquals(5, gpu.maxQueued());
  }

  @Test
  void baseUrlAndBaseUrlsTogetherAnEmptyListOrATwiceListedServerAreRefused() {
    ConfigException both = assertThrows(ConfigException.class,
        () -> load("baseUrl: \"http://10.0.0.1/v1\", baseUrls: [\"http://10.0.0.2/v1\"],"));
    assertTrue(both.getMessage().contains("models.providers.gpu.baseUrls"), both.getMessage());
    assertTrue(both.getMessage().contains("not both"), both.getMessage());
    ConfigException empty = assertThrows(ConfigException.class, () -> load("baseUrls: [],"));
    assertTrue(empty.getMessage().contains("lists no server"), empty.getMessage());
    ConfigException twice = assertThrows(ConfigException.class,
        () -> load("baseUrls: [\"http://10.0.0.2/v1\", \"http://10.0.0.2/v1/\"],"));
    assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
    ConfigException notUrl = assertThrows(ConfigException.class, () -> load("baseUrls: [\"http://10.0.0.2/v1\", \"gpu2\"],"));
    assertTrue(notUrl.getMessage().contains("models.providers.gpu.baseUrls[1]"), notUrl.getMessage());
  }
}
