package dev.switchboard.routing;

import dev.switchboard.config.ModelRef;

/**
 * Where a turn's answer goes while the model writes it: each piece of its final text, in order, on the
 * chain's context. Failover ends with the first piece (DESIGN.md §15), so every piece of one turn names
 * the model and primary that its {@link ChainReply} names.
 */
@FunctionalInterface
public interface VisiblePieces {

  /**
   * @param model        the model writing the answer
   * @param fallbackFrom the chain's primary when another model writes, else null
   */
  void accept(String text, ModelRef model, ModelRef fallbackFrom);
}
