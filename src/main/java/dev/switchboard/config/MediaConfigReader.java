package dev.switchboard.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code tools.media}. Every section is enabled by default; without {@code models} no voice note
 * is transcribed and no image described (images still reach models that see them), which the user is
 * told. A model entry names a provider of {@code models.providers}, whose base URL, key and headers
 * are used; a model the provider does not list is taken as it is named.
 */
final class MediaConfigReader {

  static final long DEFAULT_AUDIO_MAX_BYTES = 20L * 1024 * 1024;
  static final long DEFAULT_IMAGE_MAX_BYTES = 10L * 1024 * 1024;
  static final long DEFAULT_DOCUMENT_MAX_BYTES = 20L * 1024 * 1024;
  static final int DEFAULT_IMAGE_MAX_CHARS = 500;
  static final int DEFAULT_DOCUMENT_MAX_CHARS = 20_000;
  static final int DEFAULT_DOCUMENT_MAX_PAGES = 200;
  static final String DEFAULT_IMAGE_PROMPT = "Describe the image for a reader who cannot see it.";
  static final String DEFAULT_ECHO_FORMAT = "Transcript: \"{transcript}\"";
  static final long DEFAULT_TIMEOUT_SECONDS = 60;
  private static final long MAX_BYTES_LIMIT = 1024L * 1024 * 1024;

  private static final String[] MODEL_KEYS = {"provider", "model", "type", "timeoutSeconds", "prompt", "language",
      // OpenClaw keys with no meaning here: accepted so that OpenClaw configs load unchanged.
      "maxChars", "maxBytes", "capabilities", "profile", "preferredProfile"};

  private MediaConfigReader() {
  }

  static MediaConfig read(ConfigNode media, ModelCatalog catalog) {
    media.allowOnly("audio", "image", "document", "unreadableReply", "downloadTimeoutSeconds",
        // OpenClaw's shared model list, concurrency and video section: accepted, not used.
        "models", "concurrency", "video");
    ConfigNode audio = media.object("audio").allowOnly("enabled", "maxBytes", "language", "echoTranscript",
        "echoFormat", "timeoutSeconds", "models", "prompt", "maxChars", "attachments", "scope", "baseUrl", "headers",
        "providerOptions");
    ConfigNode image = media.object("image").allowOnly("enabled", "maxBytes", "prompt", "maxChars",
        "timeoutSeconds", "models", "language", "attachments", "scope", "baseUrl", "headers", "providerOptions");
    ConfigNode document = media.object("document").allowOnly("enabled", "maxBytes", "maxChars", "maxPages");
    String reply = media.string("unreadableReply", MediaConfig.DEFAULT_UNREADABLE_REPLY);
    if (reply.isBlank()) {
      throw new ConfigException(media.pathOf("unreadableReply"), "must not be blank: a user must be told");
    }
    return new MediaConfig(
        new MediaConfig.Audio(audio.bool("enabled", true),
            audio.number("maxBytes", DEFAULT_AUDIO_MAX_BYTES, 1024, MAX_BYTES_LIMIT),
            blankToNull(audio.string("language", null)), audio.bool("echoTranscript", false),
            audio.string("echoFormat", DEFAULT_ECHO_FORMAT), models(audio, catalog, false)),
        new MediaConfig.Image(image.bool("enabled", true),
            image.number("maxBytes", DEFAULT_IMAGE_MAX_BYTES, 1024, MAX_BYTES_LIMIT),
            image.string("prompt", DEFAULT_IMAGE_PROMPT),
            image.integer("maxChars", DEFAULT_IMAGE_MAX_CHARS, 1, 100_000), models(image, catalog, true)),
        new MediaConfig.Document(document.bool("enabled", true),
            document.number("maxBytes", DEFAULT_DOCUMENT_MAX_BYTES, 1024, MAX_BYTES_LIMIT),
            document.integer("maxChars", DEFAULT_DOCUMENT_MAX_CHARS, 1, 10_000_000),
            document.integer("maxPages", DEFAULT_DOCUMENT_MAX_PAGES, 1, 100_000)),
        reply, media.number("downloadTimeoutSeconds", 30, 1, 3600) * 1000);
  }

  private static List<MediaConfig.MediaModel> models(ConfigNode section, ModelCatalog catalog, boolean images) {
    long sectionTimeout = section.number("timeoutSeconds", DEFAULT_TIMEOUT_SECONDS, 1, 3600);
    List<MediaConfig.MediaModel> models = new ArrayList<>();
    for (ConfigNode entry : section.objects("models")) {
      entry.allowOnly(MODEL_KEYS);
      String type = entry.string("type", "provider");
      if (!type.equals("provider")) {
        throw new ConfigException(entry.pathOf("type"), "\"" + type + "\" is not supported: only \"provider\" "
            + "entries (an HTTP server of models.providers) are, not command-line tools");
      }
      String providerId = entry.string("provider");
      Optional<ProviderConfig> provider = catalog.provider(providerId);
      if (provider.isEmpty()) {
        throw new ConfigException(entry.pathOf("provider"), "\"" + providerId + "\" is not a provider of "
            + "models.providers");
      }
      String modelId = entry.string("model");
      ModelDefinition definition = provider.get().model(modelId)
          .orElseGet(() -> new ModelDefinition(modelId, modelId, false, ModelDefinition.DEFAULT_CONTEXT_WINDOW,
              ModelDefinition.DEFAULT_MAX_TOKENS));
      ResolvedModel model = new ResolvedModel(new ModelRef(provider.get().id(), modelId), provider.get(),
          images ? definition.seeingImages() : definition);
      models.add(new MediaConfig.MediaModel(model, entry.number("timeoutSeconds", sectionTimeout, 1, 3600) * 1000,
          blankToNull(entry.string("prompt", null)), blankToNull(entry.string("language", null))));
    }
    return List.copyOf(models);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
