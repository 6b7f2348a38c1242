package dev.switchboard.fakes;

import io.vertx.core.buffer.Buffer;

import java.util.List;

/** How the fake model server writes answers in one API's official shapes. */
interface FakeModelApi {

  /** A buffered answer: reasoning in the API's own reasoning slot, then the visible text. */
  Buffer body(String reasoning, String text);

  /** The same answer as server-sent events, the text in these pieces (one delta each). */
  FakeModelStream stream(String reasoning, List<String> pieces);

  /** The frame a backend sends when it fails after the 200 (e.g. {@code response.failed}). */
  String failedEvent(String code);

  /** A 200 body that reports a failure (a failed Response, an error object). */
  Buffer failedBody(String code);

  /** An error body in the API's shape. */
  Buffer errorBody(FakeModelError error);
}
