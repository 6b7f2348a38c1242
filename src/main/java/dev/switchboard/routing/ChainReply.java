package dev.switchboard.routing;

import dev.switchboard.config.ModelRef;
import dev.switchboard.model.ModelRequest;
import dev.switchboard.bus.Usage;

/**
 * The final text of one turn and where it came from.
 *
 * @param model        the model that wrote the text
 * @param fallbackFrom the chain's primary when another model answered, else null
 * @param sent         the request as that model received it: the one given to the chain, or a compacted
 *                     copy (a summary and the recent turns) when the conversation did not fit its window
 */
public record ChainReply(String text, ModelRef model, ModelRef fallbackFrom, Usage usage, ModelRequest sent) {
}
