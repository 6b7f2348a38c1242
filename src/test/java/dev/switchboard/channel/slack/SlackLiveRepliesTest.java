package dev.switchboard.channel.slack;

import dev.switchboard.bus.DraftPiece;
import dev.switchboard.channel.delivery.SendPermit;
import dev.switchboard.channel.format.SlackMrkdwnFormat;
import dev.switchboard.config.ConfigNode;
import dev.switchboard.fakes.FakeSlackServer;
import dev.switchboard.store.SqliteStore;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A reply's final landing in the message its preview grew in, in a cluster: the chat's claim can move
 * to another node while the final is on its way, and that node sends the final itself, so this node
 * puts nothing more in the message once its permit is withdrawn.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
class SlackLiveRepliesTest {

  private static final String CHANNEL = "C024BE91L";
  private static final String DM = "D024BE91L";
  private static final String THREAD = "1700000000.000200";
  private static final String INBOUND = "slack:Ev1";

  @TempDir
  Path dir;

  private FakeSlackServer slack;
  private SqliteStore store;
  private SlackClient client;
  private SlackLiveReplies replies;
  /** The channel's context: live replies are confined to it. */
  private Context context;

  @BeforeEach
  void start(Vertx vertx) {
    slack = FakeSlackServer.start(vertx).await();
    store = SqliteStore.open(vertx, dir.resolve("switchboard.db").toString(), Clock.systemUTC()).await();
    client = new SlackClient(vertx, SlackOptions.from(ConfigNode.of(new JsonObject()
        .put("botToken", FakeSlackServer.TOKEN).put("signingSecret", "secret").put("apiBaseUrl", slack.apiBaseUrl())
        .put("streaming", true))));
    replies = new SlackLiveReplies(client, new SlackMrkdwnFormat(), store.previews());
    context = vertx.getOrCreateContext();
  }

  @AfterEach
  void stop() {
    client.close();
    store.close().await();
    slack.close().await();
  }

  @Test
  void aFinalReplacingTheStreamedTextIsNotPutInOnceTheChatWasTakenOver() {
    onContext(() -> replies.show(piece(CHANNEL, THREAD), "Hello")).await();

    Throwable stopped = failureOf(onContext(() -> replies.finish(INBOUND, "Sorry, something went wrong.",
        lostOnceArrived("chat.stopStream"))));

    assertInstanceOf(SendPermit.Withdrawn.class, stopped);
    assertEquals(List.of(), slack.requests("chat.update"), "the final is the next holder's to send");
    assertEquals(List.of("Hello"), List.copyOf(slack.visibleMessages().values()));
  }

  @Test
  void aFinalThatWaitedOutARateLimitIsNotPutInOnceTheChatWasTakenOver() {
    onContext(() -> replies.show(piece(DM, null), "Hel")).await();
    slack.rateLimitNext(0);

    Throwable stopped = failureOf(onContext(() -> replies.finish(INBOUND, "Hello world!",
        lostOnceArrived("chat.update"))));

    assertInstanceOf(SendPermit.Withdrawn.class, stopped);
    assertEquals(1, slack.requests("chat.update").size(), "not retried after the wait");
    assertEquals(List.of("Hel"), List.copyOf(slack.visibleMessages().values()));
  }

  /** The chat's claim, lost as soon as the first call of {@code method} reached Slack. */
  private SendPermit lostOnceArrived(String method) {
    return () -> Future.succeededFuture(slack.requests(method).isEmpty());
  }

  private static DraftPiece piece(String chat, String thread) {
    return new DraftPiece(INBOUND, FakeSlackServer.TEAM_ID, chat, thread, "U2147483697", "");
  }

  /** Runs {@code action} on the channel's context. */
  private <T> Future<T> onContext(Supplier<Future<T>> action) {
    Promise<T> done = Promise.promise();
    context.runOnContext(ignored -> action.get().onComplete(done));
    return done.future();
  }

  private static Throwable failureOf(Future<?> future) {
    AsyncResult<?> outcome = future.<AsyncResult<?>>transform(Future::succeededFuture).await();
    assertTrue(outcome.failed(), "expected a failure, got " + outcome.result());
    return outcome.cause();
  }
}
