package dev.switchboard.channel.delivery;

import dev.switchboard.bus.DraftPiece;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Previews are throttled, never overlap, always catch up with the text, and stop before the final reply; a
 * reply that will not come is taken back once no preview is in flight.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class ReplyPreviewsTest {

  private static final long INTERVAL_MS = 80;

  private record Shown(long atNanos, String text) {
  }

  private static DraftPiece piece(String text) {
    return new DraftPiece("telegram:1", "bot", "42", null, "77", text);
  }

  @Test
  void previewsComeAtMostOncePerIntervalAndEndWithTheWholeText(Vertx vertx) {
    List<Shown> shown = new CopyOnWriteArrayList<>();
    Promise<Void> caughtUp = Promise.promise();
    ReplyPreviews previews = new ReplyPreviews(vertx, "test", (reply, text) -> {
      shown.add(new Shown(System.nanoTime(), text));
      if (text.length() == 40) {
        caughtUp.tryComplete();
      }
      return Future.succeededFuture();
    }, INTERVAL_MS);
    // 40 pieces, one every 5 ms: 200 ms of writing, so about three previews, not forty.
    AtomicInteger sent = new AtomicInteger();
    vertx.runOnContext(start -> {
      previews.piece(piece("a"));
      vertx.setPeriodic(5, 5, id -> {
        previews.piece(piece("a"));
        if (sent.incrementAndGet() == 39) {
          vertx.cancelTimer(id);
        }
      });
    });
    caughtUp.future().await();
    assertEquals("a", shown.get(0).text(), "the first piece shows at once");
    for (int i = 1; i < shown.size(); i++) {
      assertTrue(shown.get(i).atNanos() - shown.get(i - 1).atNanos() >= TimeUnit.MILLISECONDS.toNanos(INTERVAL_MS) - 1_000_000,
          "previews " + (i - 1) + " and " + i + " are too close");
      assertTrue(shown.get(i).text().length() > shown.get(i - 1).text().length());
    }
    assertTrue(shown.size() < 10, "throttled: " + shown.size() + " previews for 40 pieces");
  }

  @Test
  void settlingWaitsForThePreviewInFlightAndStopsTheRest(Vertx vertx) {
    List<String> shown = new CopyOnWriteArrayList<>();
    Promise<Void> platformAnswer = Promise.promise();
    ReplyPreviews previews = new ReplyPreviews(vertx, "test", (reply, text) -> {
      shown.add(text);
      return platformAnswer.future();
    }, INTERVAL_MS);
    Promise<Future<Void>> settling = Promise.promise();
    vertx.runOnContext(go -> {
      previews.piece(piece("Hel"));
      previews.piece(piece("lo"));
      settling.complete(previews.settle("telegram:1"));
    });
    Future<Void> settled = settling.future().await();
    assertFalse(settled.isComplete(), "a preview call is still in flight");
    vertx.runOnContext(go -> platformAnswer.complete());
    settled.await();
    assertEquals(List.of("Hel"), shown, "nothing is shown once the final reply came");
  }

  @Test
  void aReplyThatWillNotComeIsTakenBackOnceThePreviewInFlightWasAnswered(Vertx vertx) {
    List<String> shown = new CopyOnWriteArrayList<>();
    List<String> withdrawn = new CopyOnWriteArrayList<>();
    Promise<Void> platformAnswer = Promise.promise();
    ReplyPreviews previews = new ReplyPreviews(vertx, "test", new ReplyPreviews.Platform() {
      @Override
      public Future<Void> show(DraftPiece reply, String textSoFar) {
        shown.add(textSoFar);
        return platformAnswer.future();
      }

      @Override
      public Future<Void> withdraw(String inboundId) {
        withdrawn.add(inboundId);
        return Future.succeededFuture();
      }
    }, INTERVAL_MS);
    Promise<Future<Void>> withdrawing = Promise.promise();
    vertx.runOnContext(go -> {
      previews.piece(piece("Your order "));
      previews.piece(piece("ships"));
      withdrawing.complete(previews.withdraw("telegram:1"));
    });
    Future<Void> done = withdrawing.future().await();
    assertEquals(List.of(), withdrawn, "not while a preview call is in flight: it would show again after");
    vertx.runOnContext(go -> platformAnswer.complete());
    done.await();
    assertEquals(List.of("telegram:1"), withdrawn);
    assertEquals(List.of("Your order "), shown, "nothing more is shown");
  }
}
