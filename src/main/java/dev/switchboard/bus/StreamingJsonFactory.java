package dev.switchboard.bus;

import io.vertx.core.json.jackson.JacksonCodec;
import io.vertx.core.spi.JsonFactory;
import io.vertx.core.spi.json.JsonCodec;

/**
 * Vert.x's JSON codec for this node: Jackson's streaming codec, which reads and writes
 * {@code JsonObject}s and {@code JsonArray}s directly. Vert.x picks its databind codec whenever
 * jackson-databind is on the class path (the tests have it; an application embedding the bridge may),
 * and runs every message, request and reply through an {@code ObjectMapper}. Nothing here maps a Java
 * object to JSON, so that mapper would have nothing to do but add its cost. Registered in
 * {@code META-INF/services/io.vertx.core.spi.JsonFactory}, ahead of Vert.x's own factory.
 */
public final class StreamingJsonFactory implements JsonFactory {

  private static final JsonCodec CODEC = new JacksonCodec();

  @Override
  public int order() {
    return 0;
  }

  @Override
  public JsonCodec codec() {
    return CODEC;
  }
}
