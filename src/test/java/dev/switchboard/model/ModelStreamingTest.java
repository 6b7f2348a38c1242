package dev.switchboard.model;

import dev.switchboard.config.ModelApi;
import dev.switchboard.fakes.FakeModelBehaviour;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.junit5.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.model.TestModels.ask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The final text reaches the caller piece by piece while the backend is still writing, reasoning never. */
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class ModelStreamingTest extends FakeBackendTestBase {

  private static final List<String> PIECES = List.of("<think>the user wants", " a greeting</th", "ink>Hel", "lo <th",
      "ink>no</think>wor", "ld", "!");

  @ParameterizedTest
  @EnumSource(ModelApi.class)
  void visibleTextArrivesBeforeTheBackendFinishes(ModelApi api) {
    Promise<Void> release = Promise.promise();
    fake.next(FakeModelBehaviour.holdAfterPieces(PIECES, 4, release.future()));
    List<String> seen = new CopyOnWriteArrayList<>();
    Promise<Void> firstWordSeen = Promise.promise();
    Future<ModelReply> reply = client(api, true).generate(ask("Hi"), piece -> {
      seen.add(piece);
      if (String.join("", seen).equals("Hello")) {
        firstWordSeen.tryComplete();
      }
    });
    firstWordSeen.future().await();
    assertFalse(reply.isComplete(), "the backend has not finished yet");
    release.complete();
    assertEquals("Hello world!", reply.await().text());
    assertEquals("Hello world!", String.join("", seen));
    assertTrue(seen.size() >= 2, "pieces, not one block: " + seen);
    assertTrue(seen.stream().noneMatch(piece -> piece.contains("<") || piece.contains("user") || piece.contains("no")),
        "no reasoning and no tag: " + seen);
  }

  @ParameterizedTest
  @EnumSource(ModelApi.class)
  void aBufferedBackendHandsTheWholeTextOverOnce(ModelApi api) {
    fake.next(FakeModelBehaviour.replyInPieces(PIECES));
    List<String> seen = new CopyOnWriteArrayList<>();
    assertEquals("Hello world!", client(api, false).generate(ask("Hi"), seen::add).await().text());
    assertEquals(List.of("Hello world!"), seen);
  }

  @ParameterizedTest
  @EnumSource(ModelApi.class)
  void aStreamThatBreaksAfterVisibleTextFails(ModelApi api) {
    fake.next(FakeModelBehaviour.breakAfterPieces(PIECES, 4));
    List<String> seen = new CopyOnWriteArrayList<>();
    ModelException failure = TestModels.failureOf(client(api, true).generate(ask("Hi"), seen::add));
    assertEquals(ModelErrorClass.BROKEN, failure.errorClass());
    assertEquals("Hello", String.join("", seen));
  }
}
