package dev.switchboard.config;

/** A model ref together with its provider and definition: everything needed to call it. */
public record ResolvedModel(ModelRef ref, ProviderConfig provider, ModelDefinition definition) {

  public boolean available() {
    return provider.available();
  }
}
