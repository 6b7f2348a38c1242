package dev.switchboard.channel.whatsapp;

import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The spec check other tests rely on catches what Meta would refuse, so a passing check means something. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class GraphApiSpecTest {

  private static GraphApiSpec spec;

  @BeforeAll
  static void load() {
    spec = GraphApiSpec.load().orElse(null);
  }

  private static void assumeSpec() {
    assumeTrue(spec != null, "skipped: " + GraphApiSpec.LOCATION.toAbsolutePath().normalize() + " is absent");
  }

  private static JsonObject text(String body) {
    return new JsonObject().put("messaging_product", "whatsapp").put("recipient_type", "individual")
        .put("to", "16505551234").put("type", "text")
        .put("text", new JsonObject().put("preview_url", false).put("body", body));
  }

  @Test
  void aWellFormedTextSendConforms() {
    assumeSpec();

    assertEquals(List.of(), spec.textMessageViolations(text("Hello")));
  }

  @Test
  void aTextOverTheLengthLimitIsCaught() {
    assumeSpec();

    assertFalse(spec.textMessageViolations(text("x".repeat(4097))).isEmpty());
  }

  @Test
  void aSendWithoutRecipientOrBodyIsCaught() {
    assumeSpec();
    JsonObject noRecipient = text("Hello");
    noRecipient.remove("to");
    JsonObject noBody = text("Hello");
    noBody.getJsonObject("text").remove("body");

    assertFalse(spec.textMessageViolations(noRecipient).isEmpty());
    assertFalse(spec.textMessageViolations(noBody).isEmpty());
  }

  @Test
  void aTemplateWithoutItsLanguageIsCaught() {
    assumeSpec();
    JsonObject template = new JsonObject().put("messaging_product", "whatsapp").put("recipient_type", "individual")
        .put("to", "16505551234").put("type", "template")
        .put("template", new JsonObject().put("name", "order_update"));

    assertFalse(spec.templateMessageViolations(template).isEmpty());
  }

  @Test
  void aReadReceiptWithoutTheMessageIdIsCaught() {
    assumeSpec();

    assertFalse(spec.readReceiptViolations(new JsonObject().put("messaging_product", "whatsapp")
        .put("status", "read")).isEmpty());
  }
}
