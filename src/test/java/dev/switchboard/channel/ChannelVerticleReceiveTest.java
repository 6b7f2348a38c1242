package dev.switchboard.channel;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.Reply;
import dev.switchboard.config.MessagesConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class ChannelVerticleReceiveTest {

  @TempDir
  Path dir;
  private final MutableClock clock = new MutableClock();
  private RecordingChannel channel;
  private ChannelGate gate;

  @BeforeEach
  void deploy(Vertx vertx) {
    channel = new RecordingChannel(Router.router(vertx));
    vertx.deployVerticle(channel).await();
    FilePairingStore pairing = new FilePairingStore(vertx, dir.resolve("pairing.json").toString(), clock,
        FilePairingStore.DEFAULT_REMINDER_INTERVAL);
    gate = ChannelGate.create(ChannelOptions.defaults(DmPolicy.PAIRING), new MessagesConfig(3600, 20),
        new InMemoryDedupeLog(clock, Duration.ofHours(1), 100), pairing, clock);
  }

  @Test
  void anAdmittedMessageReachesTheRouter(Vertx vertx, VertxTestContext test) {
    InboundMessage group = Messages.group("1", "111", clock.millis());
    vertx.eventBus().<JsonObject>consumer(Addresses.INBOUND, message -> test.verify(() -> {
      assertEquals(group, InboundMessage.fromJson(message.body()));
      assertEquals(List.of(), channel.delivered);
      test.completeNow();
    })).completion().onSuccess(registered -> vertx.runOnContext(ignored -> channel.receive(gate, group)));
  }

  @Test
  void anUnknownSenderGetsThePairingCodeInTheSameChatAndNothingReachesTheRouter(Vertx vertx, VertxTestContext test) {
    vertx.eventBus().consumer(Addresses.INBOUND, message -> test.failNow("the router got an unpaired message"));
    channel.onDelivery = reply -> test.verify(() -> {
      assertEquals("telegram:1", reply.inboundId());
      assertEquals("111", reply.chatId());
      assertTrue(reply.text().contains("switchboard pairing approve telegram "), reply.text());
      test.completeNow();
    });
    channel.receive(gate, Messages.dm("1", "111", clock.millis()))
        .onComplete(test.succeeding(decision -> assertEquals(GateDecision.Action.REPLY, decision.action())));
  }

  /** A channel with no platform: it records what it would have sent. */
  private static final class RecordingChannel extends ChannelVerticle {

    final List<Reply> delivered = new CopyOnWriteArrayList<>();
    volatile java.util.function.Consumer<Reply> onDelivery = reply -> { };

    RecordingChannel(Router router) {
      super(router);
    }

    @Override
    public String name() {
      return "telegram";
    }

    @Override
    protected void mountWebhooks(Router router) {
    }

    @Override
    protected Future<Void> deliver(Reply reply) {
      delivered.add(reply);
      onDelivery.accept(reply);
      return Future.succeededFuture();
    }
  }
}
