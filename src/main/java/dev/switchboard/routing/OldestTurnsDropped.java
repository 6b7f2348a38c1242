package dev.switchboard.routing;

import dev.switchboard.config.ResolvedModel;
import dev.switchboard.bus.ChatMessage;
import dev.switchboard.model.ModelRequest;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/**
 * The plain {@link ContextCompactor}, and the fallback of {@link SummarisingCompactor}: drops the oldest messages until the request's estimated
 * tokens (characters / 4) fit half the target's context window. Half, not all, leaves room for the
 * answer and for the estimate being wrong (tokenisers differ by backend). The instructions and the
 * last user message (with anything after it) are always kept, even when they alone are too long: the
 * model then says so and the chain moves on.
 */
public final class OldestTurnsDropped implements ContextCompactor {

  @Override
  public Future<ModelRequest> compact(ModelRequest request, ResolvedModel target) {
    long budgetChars = (long) target.definition().contextWindow() / 2 * ContextBudget.CHARS_PER_TOKEN;
    List<ChatMessage> messages = request.messages();
    int keepFrom = lastUserMessage(messages);
    long chars = request.characterCount();
    int first = 0;
    while (first < keepFrom && chars > budgetChars) {
      chars -= messages.get(first).text().length();
      first++;
    }
    // A conversation should not start with the assistant's words once its question is gone.
    while (first < keepFrom && messages.get(first).role() == ChatMessage.Role.ASSISTANT) {
      first++;
    }
    return Future.succeededFuture(first == 0 ? request : request.withMessages(new ArrayList<>(messages.subList(first, messages.size()))));
  }

  /** The index of the message being answered: the last user message (the end when there is none). */
  static int lastUserMessage(List<ChatMessage> messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).role() == ChatMessage.Role.USER) {
        return i;
      }
    }
    return Math.max(0, messages.size() - 1);
  }
}
