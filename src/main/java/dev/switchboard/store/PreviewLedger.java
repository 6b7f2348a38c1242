package dev.switchboard.store;

import io.vertx.core.Future;

import java.util.List;

/**
 * Which platform message shows each reply still being written, for the channels whose previews are
 * real messages (Slack): written when the first preview is posted, removed once the final reply
 * landed in it. A preview never finished is pruned after the outbox's retention.
 */
public interface PreviewLedger {

  /** Keeps the preview (replacing one kept for the same reply). Durable when it completes. */
  Future<Void> remember(ShownPreview preview);

  /** The previews of {@code channel} whose final has not landed yet (read when the channel starts). */
  Future<List<ShownPreview>> unfinished(String channel);

  /** The reply's final landed: its preview is no longer needed. */
  Future<Void> forget(String channel, String inboundId);
}
