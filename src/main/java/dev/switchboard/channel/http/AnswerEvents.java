package dev.switchboard.channel.http;

import dev.switchboard.bus.AskReply;

/**
 * One streamed answer in one API's server-sent events. Each method returns the frames to write, in
 * order; the first piece of text is preceded by {@link #opening(String)}.
 */
interface AnswerEvents {

  /**
   * What precedes the first piece of text. It is written with that piece, when failover is over, so
   * {@code model} is the model that writes the whole answer, and every frame after names it too.
   */
  String opening(String model);

  /** One piece of the final text. */
  String delta(String text);

  /** The answer is complete: the closing events, with the model that wrote it and the usage. */
  String completed(AskReply reply, String text);

  /** The model broke off after text went out: the API's error event ends the stream. */
  String failed(ApiError error);

  static String event(String name, String json) {
    return "event: " + name + "\ndata: " + json + "\n\n";
  }

  static String data(String json) {
    return "data: " + json + "\n\n";
  }
}
