package dev.switchboard.channel.whatsapp;

import io.vertx.core.json.JsonObject;

/**
 * What Graph says about a business phone number; {@code doctor} shows it to prove the token works.
 *
 * @param qualityRating GREEN, YELLOW, RED or NA
 */
public record PhoneNumberInfo(String id, String displayPhoneNumber, String verifiedName, String qualityRating) {

  static PhoneNumberInfo fromJson(JsonObject json) {
    return new PhoneNumberInfo(json.getString("id"), json.getString("display_phone_number"),
        json.getString("verified_name"), json.getString("quality_rating"));
  }
}
