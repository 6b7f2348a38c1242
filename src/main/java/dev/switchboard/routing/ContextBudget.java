package dev.switchboard.routing;

import dev.switchboard.config.ResolvedModel;
import dev.switchboard.model.ModelRequest;

/**
 * How much conversation a model can take: the estimated tokens of a request (characters of the
 * instructions and every message, divided by {@link #CHARS_PER_TOKEN}) against the model's
 * {@code contextWindow} minus its {@code maxTokens} (room for the answer) minus a safety margin.
 */
public final class ContextBudget {

  /** The rough average of the common tokenisers on English text. */
  public static final int CHARS_PER_TOKEN = 4;
  /** The margin is at least this many tokens... */
  public static final int MARGIN_MIN_TOKENS = 1024;
  /** ...and at least this share of the window, because the estimate errs more on longer texts. */
  public static final double MARGIN_WINDOW_SHARE = 0.05;

  private ContextBudget() {
  }

  public static long estimatedTokens(ModelRequest request) {
    return request.characterCount() / CHARS_PER_TOKEN;
  }

  /** The most tokens a request to {@code model} should carry; may be negative for a tiny window. */
  public static long limitTokens(ResolvedModel model) {
    int window = model.definition().contextWindow();
    long margin = Math.max(MARGIN_MIN_TOKENS, Math.round(window * MARGIN_WINDOW_SHARE));
    return window - model.definition().maxTokens() - margin;
  }

  public static boolean fits(ResolvedModel model, ModelRequest request) {
    return estimatedTokens(request) <= limitTokens(model);
  }
}
