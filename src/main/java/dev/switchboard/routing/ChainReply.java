package dev.switchboard.routing;

import dev.switchboard.config.ModelRef;
import dev.switchboard.model.Usage;

/**
 * The final text of one turn and where it came from.
 *
 * @param model        the model that wrote the text
 * @param fallbackFrom the chain's primary when another model answered, else null
 */
public record ChainReply(String text, ModelRef model, ModelRef fallbackFrom, Usage usage) {
}
