package dev.switchboard.channel;

import dev.switchboard.bus.Reply;
import dev.switchboard.channel.delivery.SendPermit;
import dev.switchboard.store.OutboxChunk;
import dev.switchboard.store.SqliteStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/**
 * A channel named {@code telegram} with no platform behind it: it splits replies at blank lines and
 * records each chunk it is asked to send, answering with the platform id {@code m<n>} unless told to
 * fail or hold the next send. Waiting for sends works from any thread.
 */
final class RecordingChannel extends ChannelVerticle {

  private final List<Reply> arrived = new ArrayList<>();
  private final Promise<Reply> firstArrival = Promise.promise();
  private final List<OutboxChunk> sent = new ArrayList<>();
  private final Deque<Supplier<Future<String>>> scripted = new ArrayDeque<>();
  private final List<Waiter> waiters = new ArrayList<>();

  private record Waiter(int count, Promise<List<OutboxChunk>> promise) {
  }

  RecordingChannel(WebhookRoutes webhooks, SqliteStore store) {
    super(webhooks, store.inbox(), store.outbox(), 4000);
  }

  @Override
  public String name() {
    return "telegram";
  }

  @Override
  protected void mountWebhooks() {
  }

  @Override
  protected List<String> split(String markdown) {
    return Arrays.asList(markdown.split("\n\n"));
  }

  @Override
  protected synchronized void replyArrived(Reply reply) {
    arrived.add(reply);
    firstArrival.tryComplete(reply);
  }

  @Override
  protected synchronized Future<String> sendChunk(OutboxChunk chunk, SendPermit permit) {
    sent.add(chunk);
    waiters.removeIf(waiter -> waiter.count() <= sent.size()
        && waiter.promise().tryComplete(List.copyOf(sent.subList(0, waiter.count()))));
    Supplier<Future<String>> next = scripted.poll();
    return next != null ? next.get() : Future.succeededFuture("m" + sent.size());
  }

  /** The next send succeeds. */
  synchronized RecordingChannel acceptNext() {
    scripted.add(() -> Future.succeededFuture("m" + sent.size()));
    return this;
  }

  /** The next send fails for good with {@code failure}. */
  synchronized RecordingChannel failNext(RuntimeException failure) {
    scripted.add(() -> Future.failedFuture(failure));
    return this;
  }

  /** The next send never completes, like a platform that took the request and never answered. */
  synchronized RecordingChannel holdNext() {
    scripted.add(() -> Promise.<String>promise().future());
    return this;
  }

  /** Completes once {@code count} chunks were handed to the platform, with those chunks. */
  synchronized Future<List<OutboxChunk>> awaitSent(int count) {
    if (sent.size() >= count) {
      return Future.succeededFuture(List.copyOf(sent.subList(0, count)));
    }
    Promise<List<OutboxChunk>> promise = Promise.promise();
    waiters.add(new Waiter(count, promise));
    return promise.future();
  }

  synchronized List<OutboxChunk> sent() {
    return List.copyOf(sent);
  }

  synchronized List<Reply> arrived() {
    return List.copyOf(arrived);
  }

  /**
   * Completes once the first reply has been handled as far as it goes without waiting for I/O (a
   * closed store, say, fails its write at once): after the task that received it, on the channel's context.
   */
  Future<Void> firstReplyHandled() {
    return firstArrival.future().compose(reply -> {
      Promise<Void> done = Promise.promise();
      context.runOnContext(ignored -> done.complete());
      return done.future();
    });
  }
}
