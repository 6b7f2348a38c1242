package dev.switchboard.model;

import dev.switchboard.config.ResolvedModel;

/** Makes the client for one model; the chain asks once per model ref and keeps the client. */
@FunctionalInterface
public interface ModelClientFactory {

  ModelClient create(ResolvedModel model);
}
