package dev.switchboard.fakes;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;

/** A request the fake model server received: its path, headers (any case) and JSON body. */
public record FakeModelRequest(String path, MultiMap headers, JsonObject body) {

  public String header(String name) {
    return headers.get(name);
  }
}
