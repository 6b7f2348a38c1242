package dev.switchboard.routing;

import dev.switchboard.config.ResolvedModel;
import dev.switchboard.bus.ChatMessage;
import dev.switchboard.model.ModelRequest;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@link ContextCompactor} of DESIGN.md §9: the older turns become one summary message written by
 * a model, and the last {@code keepRecentTurns} turns (a user message and its reply) stay verbatim.
 * When there is nothing older to summarise, when the summary fails, or when the result still does not
 * fit the target, it falls back to {@link OldestTurnsDropped}.
 *
 * <p>The summary is a user-role message starting with {@link #SUMMARY_PREFIX}: an assistant message
 * at the start of a conversation would be dropped by the Anthropic adapter, which must begin with the
 * user, and it is never a reasoning item, so every backend replays it.
 */
public final class SummarisingCompactor implements ContextCompactor {

  public static final String SUMMARY_PREFIX = "Summary of the earlier conversation:";
  static final String SUMMARY_INSTRUCTIONS = "You condense conversations into notes. Be faithful and concise; "
      + "never invent anything that was not said.";
  static final String SUMMARY_REQUEST = "Summarise this conversation for your own later reference: the facts, "
      + "names, numbers, decisions, open questions and the user's preferences, so that you can continue it "
      + "without the messages above. Write only the summary.";

  private static final Logger LOG = LoggerFactory.getLogger(SummarisingCompactor.class);

  /** Writes a summary: the chain gives it the compaction model or the model being compacted for. */
  @FunctionalInterface
  public interface SummaryWriter {

    /** The final text answering {@code request}; {@code target} is the model the conversation must fit. */
    Future<String> write(ModelRequest request, ResolvedModel target);
  }

  private final SummaryWriter writer;
  private final int keepRecentTurns;
  private final ContextCompactor fallback = new OldestTurnsDropped();

  public SummarisingCompactor(SummaryWriter writer, int keepRecentTurns) {
    this.writer = writer;
    this.keepRecentTurns = keepRecentTurns;
  }

  @Override
  public Future<ModelRequest> compact(ModelRequest request, ResolvedModel target) {
    List<ChatMessage> messages = request.messages();
    int recent = recentTurnsStart(messages);
    if (recent == 0 || recent == 1 && isSummary(messages.get(0))) {
      return fallback.compact(request, target);
    }
    return writer.write(summaryRequest(messages.subList(0, recent), request.deadlineAtMillis()), target)
        .transform(written -> {
          if (written.failed()) {
            LOG.warn("compaction for {}: no summary ({}); dropping the oldest turns instead", target.ref(),
                written.cause().getMessage());
            return fallback.compact(request, target);
          }
          List<ChatMessage> compacted = new ArrayList<>();
          compacted.add(ChatMessage.user(SUMMARY_PREFIX + "\n" + written.result().trim()));
          compacted.addAll(messages.subList(recent, messages.size()));
          ModelRequest smaller = request.withMessages(compacted);
          if (smaller.characterCount() >= request.characterCount()) {
            return fallback.compact(request, target);
          }
          LOG.info("compaction for {}: {} messages summarised, {} kept", target.ref(), recent,
              messages.size() - recent);
          return ContextBudget.fits(target, smaller) ? Future.succeededFuture(smaller) : fallback.compact(smaller, target);
        });
  }

  /** Whether the message is a summary this compactor wrote. */
  public static boolean isSummary(ChatMessage message) {
    return message.role() == ChatMessage.Role.USER && message.text().startsWith(SUMMARY_PREFIX);
  }

  /** Where the kept turns begin; 0 when the conversation has no more than {@code keepRecentTurns} turns. */
  private int recentTurnsStart(List<ChatMessage> messages) {
    int start = OldestTurnsDropped.lastUserMessage(messages);
    int turns = 0;
    for (int i = start - 1; i >= 0 && turns < keepRecentTurns; i--) {
      if (messages.get(i).role() == ChatMessage.Role.USER) {
        turns++;
        start = i;
      }
    }
    return turns < keepRecentTurns ? 0 : start;
  }

  /**
   * A stateless request for the summary. It gets half of the turn's remaining time, so that the answer
   * itself still has the other half when the summary is slow or fails.
   */
  private static ModelRequest summaryRequest(List<ChatMessage> older, long turnDeadlineAtMillis) {
    List<ChatMessage> messages = new ArrayList<>(older);
    messages.add(ChatMessage.user(SUMMARY_REQUEST));
    long now = System.currentTimeMillis();
    return new ModelRequest(SUMMARY_INSTRUCTIONS, messages, now + Math.max(0, (turnDeadlineAtMillis - now) / 2));
  }
}
