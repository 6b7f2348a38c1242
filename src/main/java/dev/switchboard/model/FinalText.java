package dev.switchboard.model;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a backend's visible text into what a user may see. Backends leak reasoning into the text in
 * several shapes (MiniMax, vLLM without a reasoning parser, LM Studio bugs, gpt-oss Harmony tokens),
 * so this runs on every reply, whatever the API already separated.
 *
 * <p>Code (fenced blocks and inline spans) is masked first, so an answer that talks about a
 * {@code <think>} tag inside code keeps it; a think block that contains code is still removed whole.
 */
public final class FinalText {

  private static final Pattern CODE = Pattern.compile("```.*?```|`[^`\\n]+`", Pattern.DOTALL);
  private static final String TAGS = "(?:think|thinking|thought|antthinking)";
  private static final Pattern THINK_BLOCK = Pattern.compile(
      "<(" + TAGS + ")\\b[^>]*>.*?</\\1\\s*>|◁think▷.*?◁/think▷",
      Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern CLOSING_TAG = Pattern.compile("</" + TAGS + "\\s*>|◁/think▷", Pattern.CASE_INSENSITIVE);
  private static final Pattern OPENING_TAG = Pattern.compile("<" + TAGS + "\\b[^>]*>|◁think▷", Pattern.CASE_INSENSITIVE);
  private static final Pattern FINAL_TAG = Pattern.compile("</?final\\b[^>]*>", Pattern.CASE_INSENSITIVE);
  private static final String HARMONY_FINAL = "<|channel|>final<|message|>";
  private static final String HARMONY_CHANNEL = "<|channel|>";
  private static final Pattern HARMONY_TOKEN = Pattern.compile("<\\|start\\|>(?:assistant)?|<\\|(?:end|return)\\|>");
  private static final char MASK_START = '\uE000';
  private static final char MASK_END = '\uE001';

  private FinalText() {
  }

  /** The user-visible part of {@code text}, trimmed; empty when nothing is left. */
  public static String of(String text) {
    if (text == null) {
      return "";
    }
    if (text.indexOf('<') < 0 && text.indexOf('◁') < 0) {
      return text.strip();
    }
    List<String> code = new ArrayList<>();
    String masked = text.indexOf('`') < 0 ? text : mask(text, code);
    String visible = stripReasoning(masked);
    return (code.isEmpty() ? visible : unmask(visible, code)).strip();
  }

  /** A reply holding the final text, or an {@link ModelErrorClass#EMPTY_REPLY} failure when none is left. */
  public static ModelReply reply(String text, Usage usage) {
    String visible = of(text);
    if (visible.isEmpty()) {
      throw new ModelException(ModelErrorClass.EMPTY_REPLY, "no text left after reasoning was removed");
    }
    return new ModelReply(visible, usage);
  }

  private static String stripReasoning(String text) {
    String result = harmonyFinal(text);
    result = THINK_BLOCK.matcher(result).replaceAll("");
    result = afterLast(CLOSING_TAG, result);
    Matcher unclosed = OPENING_TAG.matcher(result);
    if (unclosed.find()) {
      // A truncated reasoning block: what follows it was never meant for the user.
      result = result.substring(0, unclosed.start());
    }
    return FINAL_TAG.matcher(result).replaceAll("");
  }

  /** gpt-oss Harmony: keep the final channel only; an analysis channel without a final hides the rest. */
  private static String harmonyFinal(String text) {
    if (text.indexOf("<|") < 0) {
      return text;
    }
    String result = text;
    int finalAt = result.lastIndexOf(HARMONY_FINAL);
    if (finalAt >= 0) {
      result = result.substring(finalAt + HARMONY_FINAL.length());
    } else {
      int channelAt = result.indexOf(HARMONY_CHANNEL);
      if (channelAt >= 0) {
        result = result.substring(0, channelAt);
      }
    }
    return HARMONY_TOKEN.matcher(result).replaceAll("");
  }

  /** An orphan closing tag (LM Studio + MiniMax sends only {@code </think>}): the answer follows the last one. */
  private static String afterLast(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    int end = -1;
    while (matcher.find()) {
      end = matcher.end();
    }
    return end < 0 ? text : text.substring(end);
  }

  private static String mask(String text, List<String> code) {
    Matcher matcher = CODE.matcher(text);
    StringBuilder masked = new StringBuilder(text.length());
    while (matcher.find()) {
      code.add(matcher.group());
      matcher.appendReplacement(masked, "");
      masked.append(MASK_START).append(code.size() - 1).append(MASK_END);
    }
    matcher.appendTail(masked);
    return masked.toString();
  }

  private static String unmask(String text, List<String> code) {
    StringBuilder restored = new StringBuilder(text.length());
    int from = 0;
    int start;
    while ((start = text.indexOf(MASK_START, from)) >= 0) {
      int end = text.indexOf(MASK_END, start);
      restored.append(text, from, start).append(code.get(Integer.parseInt(text.substring(start + 1, end))));
      from = end + 1;
    }
    return restored.append(text, from, text.length()).toString();
  }
}
