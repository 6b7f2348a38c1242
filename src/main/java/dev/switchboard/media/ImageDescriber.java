package dev.switchboard.media;

import dev.switchboard.config.MediaConfig;
import dev.switchboard.bus.ChatMessage;
import dev.switchboard.bus.ImageInput;
import dev.switchboard.model.ModelClientFactory;
import dev.switchboard.model.ModelRequest;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Describes an image for the models of the chain that cannot see it, with the first entry of
 * {@code tools.media.image.models} that answers (each a vision model of a configured provider, asked
 * the section's {@code prompt} in its own API's image shape). The description is cut at {@code maxChars}.
 */
public final class ImageDescriber {

  private static final Logger LOG = LoggerFactory.getLogger(ImageDescriber.class);

  private final ModelClientFactory clients;
  private final MediaConfig.Image config;

  public ImageDescriber(ModelClientFactory clients, MediaConfig.Image config) {
    this.clients = clients;
    this.config = config;
  }

  public boolean configured() {
    return !config.models().isEmpty();
  }

  /** The description; fails when no entry could make one. */
  public Future<String> describe(String mimeType, byte[] bytes) {
    return attempt(0, new ImageInput(mimeType, bytes, null));
  }

  private Future<String> attempt(int index, ImageInput image) {
    List<MediaConfig.MediaModel> models = config.models();
    if (index == models.size()) {
      return Future.failedFuture(new MediaUnreadable("no model could describe it"));
    }
    MediaConfig.MediaModel entry = models.get(index);
    String prompt = entry.prompt() != null ? entry.prompt() : config.prompt();
    ModelRequest request = new ModelRequest(null, List.of(ChatMessage.user(prompt, List.of(image))),
        System.currentTimeMillis() + entry.timeoutMs());
    Future<String> described;
    try {
      described = clients.create(entry.model()).generate(request).compose(reply -> reply.text() == null
          || reply.text().isBlank() ? Future.failedFuture("empty description") : Future.succeededFuture(cut(reply.text())));
    } catch (RuntimeException e) {
      described = Future.failedFuture(e);
    }
    return described.recover(failure -> {
      LOG.warn("image description by {} failed: {}", entry.model().ref(), failure.getMessage());
      return attempt(index + 1, image);
    });
  }

  private String cut(String description) {
    String text = description.strip();
    return text.length() <= config.maxChars() ? text : text.substring(0, config.maxChars()).strip() + "…";
  }
}
