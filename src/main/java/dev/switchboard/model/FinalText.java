package dev.switchboard.model;

import dev.switchboard.config.ReasoningTags;

/**
 * Turns a backend's visible text into what a user may see, as it arrives. Backends leak reasoning
 * into the text in several shapes (MiniMax, vLLM without a reasoning parser, LM Studio bugs, gpt-oss
 * Harmony tokens), so this runs on every reply, whatever the API already separated, streamed or not:
 * a buffered answer is {@link #feed fed} whole and {@link #finish finished}, so both paths give the
 * same text for the same output however it was cut into chunks.
 *
 * <p>{@code <think>}-family blocks are removed, a stray closing tag dropped, an unclosed block hides
 * the rest; {@code <final>} is unwrapped; of Harmony text only the {@code final} channel (and text
 * outside any channel) is kept. Code is left alone: inside a fenced block or an inline span no tag
 * counts, while a reasoning block that contains code is removed whole. With
 * {@link ReasoningTags#ORPHAN_CLOSE} the output starts inside the reasoning: everything is held until
 * the first closing tag and dropped with it; an output without one is shown whole at the end.
 *
 * <p>What a stream holds back: characters that may still begin or end a tag (at most
 * {@link ReasoningMarkup#MAX_TAG_LENGTH}), a run of backticks that may still grow into a fence,
 * and trailing whitespace (the text is trimmed at both ends). Not thread-safe.
 */
public final class FinalText {

  private enum State { TEXT, INLINE_CODE, FENCE, REASONING, HARMONY_HEADER, HARMONY_HIDDEN, ORPHAN_HOLD }

  private static final String FENCE_MARK = "```";

  /** Raw text not yet consumed. */
  private final StringBuilder pending = new StringBuilder();
  private final VisibleText visible = new VisibleText();
  private State state;
  /** The length of the backtick run that opened the inline code span. */
  private int inlineTicks;
  /** The open reasoning block's tag name, which alone closes it. */
  private String reasoningName;
  /** The Harmony channel named in the header being read, or null. */
  private String harmonyChannel;
  private boolean expectChannelName;
  /** In {@link State#ORPHAN_HOLD}: how far {@link #pending} was searched for a closing tag. */
  private int holdSearchedTo;

  public FinalText(ReasoningTags tags) {
    this.state = tags == ReasoningTags.ORPHAN_CLOSE ? State.ORPHAN_HOLD : State.TEXT;
  }

  /** The user-visible part of a whole {@code text} from a model with paired tags, trimmed; empty when nothing is left. */
  public static String of(String text) {
    return of(text, ReasoningTags.PAIRED);
  }

  /** The user-visible part of a whole {@code text}, trimmed; empty when nothing is left. */
  public static String of(String text, ReasoningTags tags) {
    if (text == null) {
      return "";
    }
    FinalText filter = new FinalText(tags);
    return filter.feed(text) + filter.finish();
  }

  /** Takes the next piece of the model's text; returns the text that became visible by it (often empty). */
  public String feed(CharSequence chunk) {
    pending.append(chunk);
    consume(false);
    return visible.take();
  }

  /** The model's text ended: returns the rest of the visible text, nothing held back any more. */
  public String finish() {
    if (state == State.ORPHAN_HOLD) {
      // No closing tag came: the model did not reason this time, and its text is read as paired.
      state = State.TEXT;
    }
    consume(true);
    pending.setLength(0);
    return visible.take();
  }

  private void consume(boolean complete) {
    if (state == State.ORPHAN_HOLD && !closingTagFound(complete)) {
      return;
    }
    int at = 0;
    while (at < pending.length()) {
      int next = switch (state) {
        case TEXT -> text(at, complete);
        case INLINE_CODE -> inlineCode(at, complete);
        case FENCE -> fence(at, complete);
        case REASONING -> reasoning(at, complete);
        case HARMONY_HEADER, HARMONY_HIDDEN -> harmony(at, complete);
        case ORPHAN_HOLD -> throw new IllegalStateException("the hold is left before consuming");
      };
      if (next == at) {
        break;
      }
      at = next;
    }
    pending.delete(0, at);
  }

  /** Each step returns where the next one starts; where it started when it must wait for more text. */
  private int text(int at, boolean complete) {
    int end = at;
    while (end < pending.length() && pending.charAt(end) != '`' && !ReasoningMarkup.canStart(pending.charAt(end))) {
      end++;
    }
    if (end > at) {
      visible.append(pending, at, end);
      return end;
    }
    if (pending.charAt(at) == '`') {
      int run = backtickRun(at);
      if (at + run == pending.length() && !complete) {
        return at;
      }
      visible.append(pending, at, at + run);
      state = run >= FENCE_MARK.length() ? State.FENCE : State.INLINE_CODE;
      inlineTicks = run;
      return at + run;
    }
    ReasoningMarkup.Token token = ReasoningMarkup.at(pending, at, complete);
    if (token == ReasoningMarkup.PARTIAL) {
      return at;
    }
    if (token == ReasoningMarkup.NONE) {
      visible.append(pending, at, at + 1);
      return at + 1;
    }
    switch (token.kind()) {
      case THINK_OPEN -> {
        state = State.REASONING;
        reasoningName = token.name();
      }
      case HARMONY -> startHarmony(token.name());
      default -> {
        // a stray closing tag, a <final> wrapper: the tag goes, the text stays
      }
    }
    return at + token.length();
  }

  /** An inline span ends at a run of as many backticks as opened it, or at the line's end when it never closes. */
  private int inlineCode(int at, boolean complete) {
    int end = at;
    while (end < pending.length() && pending.charAt(end) != '`' && pending.charAt(end) != '\n') {
      end++;
    }
    if (end == pending.length()) {
      visible.append(pending, at, end);
      return end;
    }
    if (pending.charAt(end) == '\n') {
      state = State.TEXT;
      visible.append(pending, at, end + 1);
      return end + 1;
    }
    int run = backtickRun(end);
    if (end + run == pending.length() && !complete) {
      visible.append(pending, at, end);
      return end;
    }
    if (run == inlineTicks) {
      state = State.TEXT;
    }
    visible.append(pending, at, end + run);
    return end + run;
  }

  private int fence(int at, boolean complete) {
    int close = pending.indexOf(FENCE_MARK, at);
    if (close < 0) {
      // A backtick or two at the end may be the start of the closing mark.
      int keep = complete ? 0 : trailingBackticks();
      visible.append(pending, at, pending.length() - keep);
      return pending.length() - keep;
    }
    int end = close + backtickRun(close);
    visible.append(pending, at, end);
    state = State.TEXT;
    return end;
  }

  private int reasoning(int at, boolean complete) {
    int i = at;
    while (i < pending.length()) {
      if (ReasoningMarkup.canStart(pending.charAt(i))) {
        ReasoningMarkup.Token token = ReasoningMarkup.at(pending, i, complete);
        if (token == ReasoningMarkup.PARTIAL) {
          return i;
        }
        if (token.kind() == ReasoningMarkup.Kind.THINK_CLOSE && token.name().equals(reasoningName)) {
          state = State.TEXT;
          return i + token.length();
        }
      }
      i++;
    }
    return i;
  }

  private void startHarmony(String word) {
    switch (word) {
      case "start", "channel" -> {
        state = State.HARMONY_HEADER;
        harmonyChannel = null;
        expectChannelName = word.equals("channel");
      }
      default -> {
        // <|end|>, <|return|>, <|call|>, a stray <|message|>: markers, never text
      }
    }
  }

  /**
   * A Harmony header ({@code <|start|>assistant<|channel|>analysis<|message|>}) and the message it
   * opens: only a {@code final} channel, or a message without channel, is shown.
   */
  private int harmony(int at, boolean complete) {
    int i = at;
    while (i < pending.length() && !ReasoningMarkup.canStart(pending.charAt(i))) {
      i++;
    }
    if (state == State.HARMONY_HEADER && expectChannelName) {
      harmonyChannel = (harmonyChannel == null ? "" : harmonyChannel) + pending.substring(at, i);
    }
    if (i == pending.length()) {
      return i;
    }
    ReasoningMarkup.Token token = ReasoningMarkup.at(pending, i, complete);
    if (token == ReasoningMarkup.PARTIAL) {
      return i;
    }
    if (token.kind() != ReasoningMarkup.Kind.HARMONY) {
      if (state == State.HARMONY_HEADER && expectChannelName) {
        harmonyChannel = harmonyChannel + pending.charAt(i);
      }
      return i + 1;
    }
    expectChannelName = false;
    switch (token.name()) {
      case "message" -> state = harmonyChannel == null || harmonyChannel.strip().equals("final")
          ? State.TEXT : State.HARMONY_HIDDEN;
      case "channel" -> {
        state = State.HARMONY_HEADER;
        harmonyChannel = "";
        expectChannelName = true;
      }
      case "start" -> {
        state = State.HARMONY_HEADER;
        harmonyChannel = null;
      }
      case "end", "return", "call" -> state = state == State.HARMONY_HIDDEN ? State.TEXT : state;
      default -> {
        // <|constrain|> and other header tokens
      }
    }
    return i + token.length();
  }

  /**
   * Searches the held text for the first closing tag: everything up to it is reasoning and goes, and
   * the text after it is read from then on. False while none has come.
   */
  private boolean closingTagFound(boolean complete) {
    int i = holdSearchedTo;
    while (i < pending.length()) {
      if (ReasoningMarkup.canStart(pending.charAt(i))) {
        ReasoningMarkup.Token token = ReasoningMarkup.at(pending, i, complete);
        if (token == ReasoningMarkup.PARTIAL) {
          break;
        }
        if (token.kind() == ReasoningMarkup.Kind.THINK_CLOSE) {
          pending.delete(0, i + token.length());
          state = State.TEXT;
          return true;
        }
      }
      i++;
    }
    holdSearchedTo = i;
    return false;
  }

  private int backtickRun(int at) {
    int end = at;
    while (end < pending.length() && pending.charAt(end) == '`') {
      end++;
    }
    return end - at;
  }

  private int trailingBackticks() {
    int count = 0;
    while (count < FENCE_MARK.length() - 1 && count < pending.length()
        && pending.charAt(pending.length() - 1 - count) == '`') {
      count++;
    }
    return count;
  }
}
