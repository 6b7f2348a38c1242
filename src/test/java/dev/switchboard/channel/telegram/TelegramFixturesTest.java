package dev.switchboard.channel.telegram;

import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The fixtures are what an independent Telegram library produces, and what the Bot API describes. */
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class TelegramFixturesTest {

  static Stream<String> fixtures() throws IOException {
    try (Stream<Path> files = Files.list(TelegramUpdates.FIXTURES)) {
      return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".json"))
          .map(name -> name.substring(0, name.length() - ".json".length())).sorted().toList().stream();
    }
  }

  @Test
  void everyFixtureFileHasItsTelegramBotsMetaBuilder() throws IOException {
    assertEquals(TelegramUpdates.ALL.keySet(), fixtures().collect(Collectors.toSet()));
    assertEquals(8, Set.copyOf(TelegramUpdates.ALL.keySet()).size());
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void fixtureIsWhatTelegramBotsMetaSerializes(String name) {
    JsonObject built = TelegramUpdates.toJson(TelegramUpdates.ALL.get(name).get());
    assertEquals(built, TelegramUpdates.fixture(name), name + ".json differs from the telegrambots-meta Update");
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void fixtureConformsToTheBotApiUpdateType(String name) {
    BotApiSpec spec = BotApiSpec.loadOrSkip();
    assertEquals(List.of(), spec.violationsOfType("Update", TelegramUpdates.fixture(name)));
  }
}
