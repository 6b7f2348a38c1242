package dev.switchboard.channel.whatsapp;

import dev.switchboard.channel.NodeBusyException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Function;

/**
 * The HTTP side of the WhatsApp webhook, run on the channel's context: Meta's GET verification, the signature check and the
 * parsing of POSTs. What happens to the parsed contents is the caller's business; the POST is
 * answered once the caller's future completes (200), which must not wait for a model.
 *
 * <p>Answers: 401 when the signature is absent or wrong (Meta only signs with the App Secret, so
 * this is a forgery or a misconfigured secret). 200 for a signed body that is not JSON or not a
 * WhatsApp webhook: it came from Meta and will never parse, and any other status would make Meta
 * re-send it for 7 days. 503 only when the caller could not record the messages (its store is
 * unreachable, say), so that Meta re-sends them later.
 */
public final class WhatsAppWebhook {

  /** Where Meta is told to deliver: {@code https://<host>/webhooks/whatsapp}. */
  public static final String PATH = "/webhooks/whatsapp";

  private static final Logger LOG = LoggerFactory.getLogger(WhatsAppWebhook.class);

  private final WhatsAppSignature signature;
  private final byte[] verifyToken;
  private final WhatsAppWebhookParser parser = new WhatsAppWebhookParser();
  private final Function<WebhookContents, Future<?>> onContents;
  private boolean signatureFailureLogged;

  /**
   * @param onContents takes each signed, parsed body; the POST is answered when its future completes
   */
  public WhatsAppWebhook(WhatsAppOptions options, Function<WebhookContents, Future<?>> onContents) {
    this.signature = new WhatsAppSignature(options.appSecret());
    this.verifyToken = options.verifyToken().getBytes(StandardCharsets.UTF_8);
    this.onContents = onContents;
  }

  /** {@code GET} {@value #PATH}: Meta's subscription check. */
  void verify(RoutingContext ctx) {
    MultiMap query = ctx.queryParams();
    String challenge = query.get("hub.challenge");
    String token = query.get("hub.verify_token");
    if (!"subscribe".equals(query.get("hub.mode")) || challenge == null || token == null
        || !MessageDigest.isEqual(verifyToken, token.getBytes(StandardCharsets.UTF_8))) {
      LOG.warn("WhatsApp webhook verification refused: hub.mode must be subscribe and hub.verify_token must equal "
          + "channels.whatsapp.verifyToken");
      ctx.response().setStatusCode(403).end();
      return;
    }
    LOG.info("WhatsApp webhook verified by Meta");
    ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8")
        .putHeader("X-Content-Type-Options", "nosniff").end(challenge);
  }

  /** {@code POST} {@value #PATH}; the request's raw body must have been read (BodyHandler). */
  void receive(RoutingContext ctx) {
    Buffer raw = ctx.body().buffer();
    if (!signature.matches(ctx.request().getHeader(WhatsAppSignature.HEADER), raw)) {
      rejectSignature(ctx);
      return;
    }
    WebhookContents contents;
    try {
      contents = parser.parse(asObject(raw));
    } catch (DecodeException | IllegalArgumentException unusable) {
      LOG.warn("WhatsApp webhook acknowledged and dropped, it cannot be read: {}", unusable.getMessage());
      ctx.response().end();
      return;
    }
    if (contents.malformed() > 0) {
      LOG.warn("WhatsApp webhook: {} malformed item(s) skipped", contents.malformed());
    }
    onContents.apply(contents).onComplete(done -> {
      if (done.succeeded()) {
        ctx.response().end();
      } else {
        if (!(done.cause() instanceof NodeBusyException)) {
          // A full node says so itself, once every few seconds rather than once per webhook.
          LOG.error("WhatsApp webhook not recorded, Meta will re-send it: {}", done.cause().getMessage());
        }
        ctx.response().setStatusCode(503).end();
      }
    });
  }

  private void rejectSignature(RoutingContext ctx) {
    // Logged loudly once: a wrong appSecret fails every request, and forgeries should not flood the log.
    if (!signatureFailureLogged) {
      signatureFailureLogged = true;
      LOG.warn("WhatsApp webhook refused (401): {} absent or not matching; check that channels.whatsapp.appSecret "
          + "is the App Secret of the Meta app the webhook belongs to", WhatsAppSignature.HEADER);
    } else {
      LOG.debug("WhatsApp webhook refused (401): bad {}", WhatsAppSignature.HEADER);
    }
    ctx.response().setStatusCode(401).end();
  }

  private static JsonObject asObject(Buffer raw) {
    Object value = raw == null || raw.length() == 0 ? null : raw.toJsonValue();
    if (!(value instanceof JsonObject object)) {
      throw new IllegalArgumentException("the body is not a JSON object");
    }
    return object;
  }
}
