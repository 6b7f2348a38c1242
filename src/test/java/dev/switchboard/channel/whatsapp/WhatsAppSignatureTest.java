package dev.switchboard.channel.whatsapp;

import dev.switchboard.fakes.FakeWhatsAppWebhooks;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(value = 5, timeUnit = TimeUnit.SECONDS)
class WhatsAppSignatureTest {

  private static final String SECRET = "6c3b1ae0a3f4d2e8b9c7f0a1d2e3f4a5";

  private final WhatsAppSignature signature = new WhatsAppSignature(SECRET);

  @Test
  void acceptsMetasSignatureOverTheRawBody() {
    Buffer body = FakeWhatsAppWebhooks.fixture("text.json");

    assertTrue(signature.matches(FakeWhatsAppWebhooks.signature(body, SECRET), body));
  }

  /**
   * A known answer computed outside this code base ({@code openssl dgst -sha256 -hmac <SECRET>
   * channels/whatsapp/fixtures/text.json}, checked with Python's {@code hmac}), so a mistake shared by
   * the signer in the tests and the verifier cannot pass unnoticed.
   */
  @Test
  void acceptsTheDigestComputedIndependentlyForTheFixture() {
    Buffer body = FakeWhatsAppWebhooks.fixture("text.json");
    String expected = "sha256=aca754d90a5bdf86539131d509c1c5f608794e204e7bdac83238e85e527edc35";

    assertTrue(signature.matches(expected, body));
    assertEquals(expected, FakeWhatsAppWebhooks.signature(body, SECRET), "the tests' signer agrees with openssl");
  }

  @Test
  void acceptsTheDigestComputedIndependentlyForAShortBody() {
    Buffer body = Buffer.buffer("{\"object\":\"whatsapp_business_account\",\"entry\":[]}");

    assertTrue(signature.matches("sha256=944586fa67fdf55718a4987f791cc14d14b09e049511a6d8e958d5c468f2b875", body));
    assertFalse(signature.matches("sha256=944586fa67fdf55718a4987f791cc14d14b09e049511a6d8e958d5c468f2b876", body));
  }

  @Test
  void acceptsAnUpperCaseHeaderPrefixAndDigest() {
    Buffer body = FakeWhatsAppWebhooks.fixture("text.json");

    assertTrue(signature.matches(FakeWhatsAppWebhooks.signature(body, SECRET).toUpperCase(), body));
  }

  @Test
  void rejectsASignatureMadeWithAnotherSecret() {
    Buffer body = FakeWhatsAppWebhooks.fixture("text.json");

    assertFalse(signature.matches(FakeWhatsAppWebhooks.signature(body, "the-access-token-by-mistake"), body));
  }

  @Test
  void rejectsABodyChangedAfterSigning() {
    Buffer body = FakeWhatsAppWebhooks.fixture("text.json");
    String header = FakeWhatsAppWebhooks.signature(body, SECRET);
    Buffer tampered = Buffer.buffer(body.toString().replace("another color", "a refund"));

    assertFalse(signature.matches(header, tampered));
  }

  @Test
  void rejectsAnAbsentOrMalformedHeader() {
    Buffer body = FakeWhatsAppWebhooks.fixture("text.json");
    String valid = FakeWhatsAppWebhooks.signature(body, SECRET);
    String hex = valid.substring("sha256=".length());

    assertFalse(signature.matches(null, body));
    assertFalse(signature.matches("", body));
    assertFalse(signature.matches(hex, body), "digest without the sha256= prefix");
    assertFalse(signature.matches("sha1=" + hex, body));
    assertFalse(signature.matches(valid.substring(0, valid.length() - 2), body), "truncated digest");
    assertFalse(signature.matches("sha256=" + "zz" + hex.substring(2), body), "not hex");
    assertFalse(signature.matches(valid + " ", body));
  }

  @Test
  void verifiesAUnicodeEscapedBodyOverItsExactBytes() {
    Buffer body = FakeWhatsAppWebhooks.fixture("unicode_escaped.json");
    assertTrue(body.toString().contains("Gr\\u00fc\\u00dfe"), "the fixture keeps Meta's escapes");

    assertTrue(signature.matches(FakeWhatsAppWebhooks.signature(body, SECRET), body));
  }

  @Test
  void aReserializedBodyNoLongerMatchesWhatMetaSigned() {
    Buffer body = FakeWhatsAppWebhooks.fixture("unicode_escaped.json");
    String header = FakeWhatsAppWebhooks.signature(body, SECRET);
    Buffer reserialized = new JsonObject(body).toBuffer();
    assertNotEquals(body, reserialized, "re-encoding writes raw UTF-8 instead of Meta's escapes");

    assertFalse(signature.matches(header, reserialized));
  }

  @Test
  void anEmptyBodyIsCheckedLikeAnyOther() {
    assertFalse(signature.matches(FakeWhatsAppWebhooks.signature(Buffer.buffer("{}"), SECRET), null));
    assertTrue(signature.matches(FakeWhatsAppWebhooks.signature(Buffer.buffer(), SECRET), null));
  }
}
