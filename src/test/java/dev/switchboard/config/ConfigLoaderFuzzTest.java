package dev.switchboard.config;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Any config file: it loads, or fails with a ConfigException naming a path; never another exception. */
class ConfigLoaderFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void anyFileLoadsOrFailsWithAPathAndAReason(byte[] file) {
    String text = new String(file, StandardCharsets.UTF_8);
    try {
      ConfigLoader.parse("fuzz.json5", text, Map.of("LMSTUDIO_KEY", "k"));
    } catch (ConfigException refused) {
      if (refused.getMessage() == null || refused.getMessage().isBlank()) {
        throw new AssertionError("a config error without a reason", refused);
      }
    }
  }
}
