package dev.switchboard.channel;

import dev.switchboard.channel.PairingRequest.Outcome;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class FilePairingStoreTest {

  @TempDir
  Path dir;
  private final MutableClock clock = new MutableClock();
  private Vertx vertx;
  private Path file;
  private FilePairingStore store;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    this.file = dir.resolve("data/pairing.json");
    this.store = newStore();
  }

  @Test
  void anUnknownSenderGetsAnEightCharacterCodeFromAnUnambiguousAlphabet() throws Exception {
    PairingRequest request = store.request("telegram", "111", "Ann").await();
    assertEquals(Outcome.NEW_CODE, request.outcome());
    assertTrue(request.pairing().code().matches("[A-HJ-NP-Z2-9]{8}"), request.pairing().code());
    assertFalse(request.pairing().code().matches(".*[01OIL].*"));
    assertTrue(Files.readString(file).contains(request.pairing().code()), "written to the pairing file");
  }

  @Test
  void aPendingSenderWritingAgainGetsNoNewCodeAndAtMostOneReminderPerInterval() {
    String code = store.request("telegram", "111", "Ann").await().pairing().code();
    PairingRequest again = store.request("telegram", "111", "Ann").await();
    assertEquals(Outcome.ALREADY_NOTIFIED, again.outcome());
    assertEquals(code, again.pairing().code());
    clock.advance(FilePairingStore.DEFAULT_REMINDER_INTERVAL);
    PairingRequest reminder = store.request("telegram", "111", "Ann").await();
    assertEquals(Outcome.REMINDER, reminder.outcome());
    assertEquals(code, reminder.pairing().code());
    assertEquals(Outcome.ALREADY_NOTIFIED, store.request("telegram", "111", "Ann").await().outcome());
  }

  @Test
  void atMostThreeCodesArePendingPerChannel() {
    for (String sender : List.of("1", "2", "3")) {
      assertEquals(Outcome.NEW_CODE, store.request("telegram", sender, null).await().outcome());
    }
    assertEquals(Outcome.LIMIT_REACHED, store.request("telegram", "4", null).await().outcome());
    assertEquals(Outcome.NEW_CODE, store.request("whatsapp", "4", null).await().outcome(), "other channels unaffected");
    clock.advance(PairingStore.CODE_VALIDITY);
    assertEquals(Outcome.NEW_CODE, store.request("telegram", "4", null).await().outcome(), "expired codes free slots");
  }

  @Test
  void approvingACodeAdmitsTheSenderAndRemovesTheCode() {
    String code = store.request("telegram", "111", "Ann").await().pairing().code();
    assertFalse(store.isApproved("telegram", "111").await());
    PendingPairing approved = store.approve("telegram", code.toLowerCase()).await();
    assertEquals("111", approved.senderId());
    assertTrue(store.isApproved("telegram", "111").await());
    assertFalse(store.isApproved("whatsapp", "111").await(), "approval is per channel");
    assertEquals(List.of(), store.pending(null).await());
    assertEquals(Outcome.APPROVED, store.request("telegram", "111", "Ann").await().outcome());
  }

  @Test
  void anApprovalByTheCommandLineProcessIsSeenByTheRunningBridge() {
    String code = store.request("telegram", "111", "Ann").await().pairing().code();
    assertFalse(store.isApproved("telegram", "111").await());
    FilePairingStore commandLine = newStore();
    commandLine.approve("telegram", code).await();
    assertTrue(store.isApproved("telegram", "111").await());
  }

  @Test
  void concurrentRequestsFromBothProcessesLoseNothing() {
    FilePairingStore commandLine = newStore();
    String first = store.request("telegram", "1", null).await().pairing().code();
    String second = store.request("telegram", "2", null).await().pairing().code();
    io.vertx.core.Future.all(commandLine.approve("telegram", first), store.request("whatsapp", "9", null),
        commandLine.approve("telegram", second), store.request("whatsapp", "8", null)).await();
    assertTrue(store.isApproved("telegram", "1").await());
    assertTrue(store.isApproved("telegram", "2").await());
    assertEquals(2, store.pending("whatsapp").await().size());
  }

  @Test
  void anUnknownCodeIsAClearError() {
    PairingException error = assertInstanceOf(PairingException.class,
        assertThrows(Exception.class, () -> store.approve("telegram", "ABCDEFGH").await()));
    assertEquals("No pending pairing code ABCDEFGH for telegram. Run `switchboard pairing list` to see the "
        + "pending codes.", error.getMessage());
  }

  @Test
  void aCodeOfAnotherChannelIsNamedAsSuch() {
    String code = store.request("whatsapp", "111", null).await().pairing().code();
    Exception error = assertThrows(Exception.class, () -> store.approve("telegram", code).await());
    assertEquals("Pairing code " + code + " belongs to whatsapp, not telegram.", error.getMessage());
  }

  @Test
  void anExpiredCodeCannotBeApprovedAndTheSenderGetsANewOne() {
    String code = store.request("telegram", "111", null).await().pairing().code();
    clock.advance(PairingStore.CODE_VALIDITY);
    Exception error = assertThrows(Exception.class, () -> store.approve("telegram", code).await());
    assertTrue(error.getMessage().startsWith("Pairing code " + code + " for telegram expired at "), error.getMessage());
    assertFalse(store.isApproved("telegram", "111").await());
    PairingRequest renewed = store.request("telegram", "111", null).await();
    assertEquals(Outcome.NEW_CODE, renewed.outcome());
    assertNotEquals(code, renewed.pairing().code());
  }

  @Test
  void aCorruptFileIsReportedNotOverwritten() throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{ not json");
    Exception error = assertThrows(Exception.class, () -> store.request("telegram", "111", null).await());
    assertTrue(error.getMessage().startsWith("pairing file " + file + " is not valid"), error.getMessage());
    assertEquals("{ not json", Files.readString(file));
  }

  @Test
  void theFileLivesBesideTheSessionStore() {
    assertEquals(Path.of("data/pairing.json").toAbsolutePath().toString(),
        FilePairingStore.pathBeside("data/switchboard.db"));
  }

  private FilePairingStore newStore() {
    return new FilePairingStore(vertx, file.toString(), clock, FilePairingStore.DEFAULT_REMINDER_INTERVAL);
  }
}
