package dev.switchboard.routing;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.ChatMessage;
import dev.switchboard.bus.ChatType;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.MediaRef;
import dev.switchboard.bus.SessionMode;
import dev.switchboard.bus.Usage;
import dev.switchboard.config.HandoverConfig;
import dev.switchboard.config.MediaConfig;
import dev.switchboard.config.ModelRef;
import dev.switchboard.config.ResolvedModel;
import dev.switchboard.media.MediaBus;
import dev.switchboard.media.MediaFile;
import dev.switchboard.media.MediaSamples;
import dev.switchboard.model.ModelClientFactory;
import dev.switchboard.model.ModelReply;
import dev.switchboard.ops.Metrics;
import dev.switchboard.routing.handover.Handover;
import dev.switchboard.store.SessionKeys;
import dev.switchboard.store.SqliteStore;
import dev.switchboard.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static dev.switchboard.routing.ChainFixtures.A;
import static dev.switchboard.routing.ChainFixtures.B;
import static dev.switchboard.routing.ChainFixtures.catalog;
import static dev.switchboard.routing.ChainFixtures.model;
import static dev.switchboard.routing.ChainFixtures.provider;
import static dev.switchboard.routing.ChainFixtures.providersAB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The images users send, on one node: an image lives for the turn that answers its message and no
 * longer, even when no model answers it. Nothing a user sees tells whether the router still holds one,
 * so the test follows the image's bytes with a weak reference, taken where the describer gets them.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class RouterVerticleImagesTest {

  private static final String DESCRIBER = "describer/d";
  private static final long RELEASE_WAIT_MS = 5_000;

  @TempDir
  Path dir;
  private Store store;

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close().await();
    }
  }

  @Test
  void anImageKeptForAPersonIsNotHeldOnceItsTurnEnded(Vertx vertx) throws InterruptedException {
    store = SqliteStore.open(vertx, dir.resolve("store.db").toString(), Clock.systemUTC()).await();
    InboundMessage photo = new InboundMessage("telegram:1", "telegram", "bot1", "100", ChatType.DM, "100", "Ann",
        null, "", System.currentTimeMillis(), null, new MediaRef(MediaRef.Kind.IMAGE, "photo-1", "image/png", null, -1,
        "image"));
    String session = SessionKeys.of(photo);
    store.handoverModes().set(session, SessionMode.HUMAN, System.currentTimeMillis()).await();
    MediaBus.serve(vertx, "telegram", (ref, maxBytes, deadline) ->
        Future.succeededFuture(new MediaFile(MediaSamples.png(), "image/png"))).completion().await();
    ScriptedModels chain = new ScriptedModels(vertx);
    AtomicReference<WeakReference<byte[]>> imageBytes = new AtomicReference<>();
    ModelClientFactory clients = model -> !model.ref().toString().equals(DESCRIBER) ? chain.create(model)
        : request -> {
          imageBytes.set(new WeakReference<>(request.messages().get(0).images().get(0).bytes()));
          return Future.succeededFuture(new ModelReply("Two stripes, red and blue.", new Usage(10, 5)));
        };
    Handover handover = new Handover(new HandoverConfig(List.of("human"), HandoverConfig.DEFAULT_MESSAGE, 60),
        store.handoverModes(), store.sessionHistory(), vertx, Clock.systemUTC());
    vertx.deployVerticle(new RouterVerticle(catalog(providersAB(), A, B), clients, store.sessionHistory(),
        new Metrics()).withHandover(handover).readingMedia(describedImages())).await();

    vertx.eventBus().send(Addresses.INBOUND, photo.toJson());
    while (store.sessionHistory().load(session).await().isEmpty()) {
      Thread.sleep(20);
    }

    assertEquals(List.of(ChatMessage.user("[Image]")), store.sessionHistory().load(session).await(),
        "kept for the person, as text");
    assertEquals(0, chain.calls(A) + chain.calls(B), "no model answers a session a person has");
    assertNull(afterCollections(imageBytes.get()), "the image is let go with the turn that kept it");
  }

  /** {@code tools.media} reading images, described by {@link #DESCRIBER} for the chain, which cannot see them. */
  private static MediaConfig describedImages() {
    ResolvedModel describer = new ResolvedModel(ModelRef.parseOrNull(DESCRIBER), provider("describer", model("d")),
        model("d"));
    MediaConfig defaults = MediaConfig.defaults();
    MediaConfig.Image image = defaults.image();
    return new MediaConfig(defaults.audio(), new MediaConfig.Image(true, image.maxBytes(), image.prompt(),
        image.maxChars(), List.of(new MediaConfig.MediaModel(describer, 5_000, null, null))), defaults.document(),
        defaults.unreadableReply(), defaults.downloadTimeoutMs());
  }

  /** What {@code reference} still points to after collections of garbage for up to {@link #RELEASE_WAIT_MS}. */
  private static <T> T afterCollections(WeakReference<T> reference) throws InterruptedException {
    long deadline = System.currentTimeMillis() + RELEASE_WAIT_MS;
    while (reference.get() != null && System.currentTimeMillis() < deadline) {
      System.gc();
      Thread.sleep(50);
    }
    return reference.get();
  }
}
