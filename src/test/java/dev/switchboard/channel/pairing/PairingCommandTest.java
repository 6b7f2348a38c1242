package dev.switchboard.channel.pairing;

import dev.switchboard.channel.PairingStores;
import dev.switchboard.channel.MutableClock;
import dev.switchboard.store.PairingStore;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class PairingCommandTest {

  @TempDir
  Path dir;
  private final MutableClock clock = new MutableClock();
  private PairingStore store;
  private PairingCommand command;

  @BeforeEach
  void setUp(Vertx vertx) {
    store = PairingStores.in(vertx, dir, clock);
    command = new PairingCommand(store, clock);
  }

  @Test
  void listSaysWhenNothingIsPending() {
    assertEquals("No pending pairing codes.", command.list(null).await());
  }

  @Test
  void listShowsEachPendingSenderWithItsCodeAndTimeLeft() {
    String ann = store.request("telegram", "111", "Ann").await().pairing().code();
    clock.advance(Duration.ofMinutes(20));
    String bob = store.request("whatsapp", "4915112345678", null).await().pairing().code();
    assertEquals("""
        CHANNEL    CODE      SENDER
        telegram   %s  Ann (111) (expires in 40 min)
        whatsapp   %s  4915112345678 (expires in 60 min)
        Approve one with: switchboard pairing approve <channel> <code>""".formatted(ann, bob),
        command.list(null).await().replace(System.lineSeparator(), "\n"));
    assertEquals(1, command.list("whatsapp").await().lines().filter(line -> line.startsWith("whatsapp")).count());
    assertEquals(0, command.list("whatsapp").await().lines().filter(line -> line.startsWith("telegram")).count());
  }

  @Test
  void approveConfirmsWhoWasApproved() {
    String code = store.request("telegram", "111", "Ann").await().pairing().code();
    assertEquals("Approved Ann (111) on telegram. Their next message will be answered.",
        command.approve("telegram", code).await());
  }

  @Test
  void approveFailsWithTheReasonForAWrongCode() {
    Exception error = assertThrows(Exception.class, () -> command.approve("slack", "ZZZZZZZZ").await());
    assertEquals("No pending pairing code ZZZZZZZZ for slack. Run `switchboard pairing list` to see the pending codes.",
        error.getMessage());
  }
}
