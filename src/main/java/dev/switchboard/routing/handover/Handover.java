package dev.switchboard.routing.handover;

import dev.switchboard.store.BotAnswer;
import dev.switchboard.store.HandoverModes;
import dev.switchboard.store.HandoverState;
import dev.switchboard.store.HistoryChange;
import dev.switchboard.store.KeptForPerson;
import dev.switchboard.store.ModeChange;
import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.HandoverRequest;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.Refusal;
import dev.switchboard.bus.RefusedRequest;
import dev.switchboard.bus.SessionMode;
import dev.switchboard.config.HandoverConfig;
import dev.switchboard.bus.ChatMessage;
import dev.switchboard.store.SessionHistory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Sessions handed to a person (DESIGN §14). In human mode the bot does not answer: the user's
 * messages join the session's history and are marked answered, and what operators send joins it
 * too, so that the bot knows what was said when it resumes. A session goes to a person when an
 * operator says so ({@link Addresses#HANDOVER}) or its user writes one of the {@code keywords}; it
 * comes back when an operator says so, or by itself after {@code resumeAfterMinutes} without operator
 * activity (noticed at the session's next message). The mode is in the store, so it survives a restart.
 * A turn's own change of mode (a keyword's, the return after {@code resumeAfterMinutes}) is stored
 * only if the mode is still as the turn read it ({@link Seen}): an operator's change made meanwhile is
 * the later decision, and stands. So is keeping the messages for a person: if an operator handed the
 * session back meanwhile, the bot answers them. And so is the bot's answer: if an operator took the
 * session while the model worked, the answer is not sent and the messages are kept for the person.
 *
 * <p>Every change of mode is published on {@link Addresses#EVENTS}: {@code handover_requested} when a
 * user asked, {@code handover} otherwise. The router calls the session methods in the session's
 * turn order.
 */
public final class Handover {

  private static final Logger LOG = LoggerFactory.getLogger(Handover.class);
  /** The reason of a handover its user asked for. */
  private static final String KEYWORD = "keyword";

  private final HandoverConfig config;
  private final HandoverModes modes;
  private final SessionHistory history;
  private final Vertx vertx;
  private final Clock clock;
  private final List<Pattern> keywords;

  public Handover(HandoverConfig config, HandoverModes modes, SessionHistory history, Vertx vertx, Clock clock) {
    this.config = config;
    this.modes = modes;
    this.history = history;
    this.vertx = vertx;
    this.clock = clock;
    // A whole word in any case: letters or digits around it make it part of another word.
    this.keywords = config.keywords().stream()
        .map(word -> Pattern.compile("(?<![\\p{L}\\p{N}_])" + Pattern.quote(word) + "(?![\\p{L}\\p{N}_])",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE))
        .toList();
  }

  /** Whether the text names one of the keywords as a whole word. */
  public boolean asksForHuman(String text) {
    return text != null && keywords.stream().anyMatch(keyword -> keyword.matcher(text).find());
  }

  /**
   * A session's mode as a turn found it, at the version it was stored with ({@link HandoverModes#UNSET}
   * when none is): a change of mode the turn makes from it holds only if no one changed the mode since.
   */
  public record Seen(SessionMode mode, long version) {

    /** A person has the session: the turn's messages are theirs. */
    public boolean human() {
      return mode == SessionMode.HUMAN;
    }

    /** The user asked for a person: human mode, if the mode is still as seen. */
    public ModeChange toHuman() {
      return new ModeChange(SessionMode.HUMAN, version);
    }

    /** The messages were kept for the person: answered, if the mode is still as seen. */
    public KeptForPerson kept() {
      return new KeptForPerson(version);
    }

    /** The bot answers the messages: its answer stands unless a person took the session since it was seen. */
    public BotAnswer botAnswer(List<InboundMessage> batch) {
      return new BotAnswer(version, said(batch));
    }
  }

  /**
   * The session's mode now, and its version: human mode past {@code resumeAfterMinutes} without operator
   * activity is over.
   */
  public Future<Seen> mode(String key) {
    return modes.get(key).compose(stored -> {
      if (stored.isEmpty()) {
        return Future.succeededFuture(new Seen(SessionMode.BOT, HandoverModes.UNSET));
      }
      HandoverState state = stored.get();
      if (state.mode() != SessionMode.HUMAN || !expired(state)) {
        return Future.succeededFuture(new Seen(state.mode(), state.version()));
      }
      // Conditional, like a keyword's handover: an operator who took the session again since it was read keeps
      // it. Read again either way, for the version the turn goes on from.
      return modes.setIfUnchanged(key, new ModeChange(SessionMode.BOT, state.version()), clock.millis())
          .compose(resumed -> {
            if (resumed) {
              LOG.info("session {}: no operator activity for {} min, the bot answers again", key,
                  config.resumeAfterMinutes());
              announce(key, SessionMode.BOT, "resumeAfterMinutes");
            }
            return mode(key);
          });
    });
  }

  /**
   * In human mode, keeps the user's messages for the person: they join the history and are answered
   * (by nobody the bot speaks for), in one write that holds only if the mode is still as read; if an
   * operator changed it meanwhile (handed the session back, say), the mode is read again. Completes with
   * the mode the messages were decided on: the bot answers unless it is human.
   */
  public Future<Seen> keepIfHuman(String key, List<InboundMessage> batch) {
    return mode(key).compose(seen -> {
      if (!seen.human()) {
        return Future.succeededFuture(seen);
      }
      String last = batch.get(batch.size() - 1).id();
      return modes.keepIfUnchanged(key, seen.version(), said(batch), last, clock.millis()).compose(kept -> {
        if (kept) {
          return Future.succeededFuture(seen);
        }
        LOG.info("session {}: its mode changed while its messages were kept for a person; read again", key);
        return keepIfHuman(key, batch);
      });
    });
  }

  /**
   * As {@link #keepIfHuman(String, List)} for a turn claimed from the shared inbox: its messages (as
   * read, a voice note as its transcript) join {@code keptIn}, the turn's history, and the claim's fenced
   * answer, not this, marks them answered (DESIGN §10.1).
   */
  public Future<Seen> keepIfHuman(String key, List<InboundMessage> batch, SessionHistory keptIn) {
    return mode(key).compose(seen -> {
      if (!seen.human()) {
        return Future.succeededFuture(seen);
      }
      return keptIn.append(key, said(batch)).map(seen);
    });
  }

  /**
   * Stores a bot turn of one node ({@code answered}, its change to the history) unless a person took the
   * session since the turn {@code seen} its mode: then its messages are kept for them, as
   * {@link #keepIfHuman(String, List)} keeps them, in the same write. Completes with whether the answer
   * stands, and may be sent.
   */
  public Future<Boolean> answerUnlessTaken(String key, Seen seen, List<InboundMessage> batch, HistoryChange answered) {
    String last = batch.get(batch.size() - 1).id();
    return modes.answerUnlessTaken(key, seen.botAnswer(batch), answered, last, clock.millis()).onSuccess(stands -> {
      if (!stands) {
        answerWithheld(key);
      }
    });
  }

  /** A person took the session while the bot answered: the turn's messages were kept for them instead. */
  public void answerWithheld(String key) {
    LOG.info("session {}: an operator took it while the bot answered; the answer is not sent, the messages are"
        + " kept for the person", key);
  }

  /** The user's messages, as the history keeps them. */
  private static List<ChatMessage> said(List<InboundMessage> batch) {
    return batch.stream().map(message -> ChatMessage.user(message.text())).toList();
  }

  /**
   * The user asked for a person: the session goes to human mode and {@code handover_requested} is
   * published, unless an operator changed its mode since the turn {@code seen} it (theirs is the later
   * word, and stands). Either way the messages and the answer ({@link #message()}, which the caller
   * delivers: the user asked before the operator decided) join the history.
   */
  public Future<String> handOver(String key, List<InboundMessage> batch, Seen seen) {
    return modes.setIfUnchanged(key, seen.toHuman(), clock.millis())
        .onSuccess(handedOver -> {
          if (handedOver) {
            announce(key, SessionMode.HUMAN, KEYWORD);
          } else {
            LOG.info("session {}: asked for a person, but an operator changed its mode meanwhile; theirs stands", key);
          }
        })
        .compose(stored -> history.append(key, toldAPersonComes(batch)))
        .map(config.message());
  }

  /**
   * As {@link #handOver(String, List, Seen)} for a claimed turn: its messages (as read) and the answer
   * join {@code turnHistory}, and the human mode ({@link Seen#toHuman}) is not stored here but by the
   * claim's fenced answer, together with the message telling the user (DESIGN §10.1): a node that loses
   * its claim leaves the session with the bot, so the node that takes the turn over hands it over and
   * tells the user, once. {@link #handedOver} follows.
   */
  public Future<String> handOver(String key, List<InboundMessage> batch, SessionHistory turnHistory) {
    return turnHistory.append(key, toldAPersonComes(batch)).map(config.message());
  }

  /** A claimed turn's answer stored the handover of {@link #handOver(String, List, SessionHistory)}: published. */
  public void handedOver(String key) {
    announce(key, SessionMode.HUMAN, KEYWORD);
  }

  /** The user's messages and the answer telling them a person comes. */
  private List<ChatMessage> toldAPersonComes(List<InboundMessage> batch) {
    List<ChatMessage> turn = new ArrayList<>(said(batch));
    turn.add(ChatMessage.assistant(config.message()));
    return turn;
  }

  /** A message an operator (or any application) sent into the session: history, and operator activity. */
  public Future<Void> operatorSent(String key, String text) {
    return history.append(key, List.of(ChatMessage.assistant(text)))
        .compose(appended -> modes.touch(key, clock.millis()));
  }

  /** What {@code /status} says about the session's mode. */
  public Future<String> describe(String key) {
    return modes.get(key).map(stored -> {
      if (stored.isEmpty() || stored.get().mode() != SessionMode.HUMAN || expired(stored.get())) {
        return "bot";
      }
      String since = Instant.ofEpochMilli(stored.get().changedAt()).truncatedTo(ChronoUnit.SECONDS).toString();
      return "human since " + since + (config.resumeAfterMinutes() == 0 ? "" : "; the bot answers again after "
          + config.resumeAfterMinutes() + " min without operator activity");
    });
  }

  /** Serves {@link Addresses#HANDOVER}: {@code {session, mode}}, answered with the same once stored. */
  public void onRequest(Message<Object> message) {
    HandoverRequest request;
    try {
      request = HandoverRequest.fromJson(message.body());
    } catch (RefusedRequest refused) {
      refused.failReply(message);
      return;
    }
    change(request.session(), request.mode(), "operator")
        .onSuccess(changed -> message.reply(request.toJson()))
        .onFailure(failure -> new RefusedRequest(Refusal.UNAVAILABLE, "the mode was not stored: "
            + failure.getMessage()).failReply(message));
  }

  private Future<Void> change(String key, SessionMode mode, String reason) {
    return modes.set(key, mode, clock.millis()).onSuccess(stored -> announce(key, mode, reason));
  }

  /** Publishes a change of mode, once stored. */
  private void announce(String key, SessionMode mode, String reason) {
    boolean requested = mode == SessionMode.HUMAN && KEYWORD.equals(reason);
    vertx.eventBus().publish(Addresses.EVENTS, new JsonObject()
        .put("type", requested ? "handover_requested" : "handover").put("session", key)
        .put("mode", mode.wireName()).put("reason", reason));
  }

  private boolean expired(HandoverState state) {
    return config.resumeAfterMinutes() > 0
        && clock.millis() - state.activeAt() >= Duration.ofMinutes(config.resumeAfterMinutes()).toMillis();
  }

  public String message() {
    return config.message();
  }
}
