package dev.switchboard.config;

/** A configuration the bridge cannot start with: says where ({@link #path()}) and why. */
public final class ConfigException extends RuntimeException {

  private final String path;

  public ConfigException(String path, String reason) {
    super(path.isEmpty() ? reason : path + ": " + reason, null, false, false);
    this.path = path;
  }

  /** The JSON path of the offending value, e.g. {@code models.providers.lmstudio.api}. */
  public String path() {
    return path;
  }
}
