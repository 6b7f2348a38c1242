package dev.switchboard.media;

import io.vertx.core.buffer.Buffer;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What a file is, from its first bytes (the WHATWG sniffing signatures): the platform's MIME type is a
 * claim, the bytes are the proof. Only the types the bridge reads are recognised.
 */
public final class MediaSniffer {

  public static final String PNG = "image/png";
  public static final String JPEG = "image/jpeg";
  public static final String GIF = "image/gif";
  public static final String WEBP = "image/webp";
  public static final String PDF = "application/pdf";
  public static final String OGG = "audio/ogg";
  public static final String MP4 = "audio/mp4";
  public static final String MPEG = "audio/mpeg";
  public static final String WAV = "audio/wav";
  public static final String WEBM = "audio/webm";
  public static final String FLAC = "audio/flac";
  public static final String AMR = "audio/amr";
  public static final String AAC = "audio/aac";
  public static final String ZIP = "application/zip";

  private MediaSniffer() {
  }

  /** The type the bytes show, or null when they match no signature the bridge knows. */
  public static String sniff(Buffer bytes) {
    if (startsWith(bytes, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return PNG;
    }
    if (startsWith(bytes, 0, 0xFF, 0xD8, 0xFF)) {
      return JPEG;
    }
    if (ascii(bytes, 0, "GIF87a") || ascii(bytes, 0, "GIF89a")) {
      return GIF;
    }
    if (ascii(bytes, 0, "RIFF") && ascii(bytes, 8, "WEBPVP")) {
      return WEBP;
    }
    if (ascii(bytes, 0, "RIFF") && ascii(bytes, 8, "WAVE")) {
      return WAV;
    }
    if (ascii(bytes, 0, "%PDF-")) {
      return PDF;
    }
    if (startsWith(bytes, 0, 'O', 'g', 'g', 'S', 0)) {
      return OGG;
    }
    if (ascii(bytes, 4, "ftyp")) {
      return MP4;
    }
    if (ascii(bytes, 0, "ID3") || startsWith(bytes, 0, 0xFF, 0xFB) || startsWith(bytes, 0, 0xFF, 0xF3)
        || startsWith(bytes, 0, 0xFF, 0xF2)) {
      return MPEG;
    }
    if (startsWith(bytes, 0, 0xFF, 0xF1) || startsWith(bytes, 0, 0xFF, 0xF9)) {
      return AAC;
    }
    if (startsWith(bytes, 0, 0x1A, 0x45, 0xDF, 0xA3)) {
      return WEBM;
    }
    if (ascii(bytes, 0, "fLaC")) {
      return FLAC;
    }
    if (ascii(bytes, 0, "#!AMR")) {
      return AMR;
    }
    if (startsWith(bytes, 0, 'P', 'K', 3, 4)) {
      return ZIP;
    }
    return null;
  }

  /** Whether the bytes are UTF-8 text (no NUL, every sequence valid): what a text, JSON or CSV file holds. */
  public static boolean isText(Buffer bytes) {
    byte[] raw = bytes.getBytes();
    for (byte b : raw) {
      if (b == 0) {
        return false;
      }
    }
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw));
      return true;
    } catch (CharacterCodingException notUtf8) {
      return false;
    }
  }

  /** {@code audio/ogg; codecs=opus} → {@code audio/ogg}: types are compared by essence. */
  public static String essence(String mimeType) {
    if (mimeType == null) {
      return null;
    }
    int semicolon = mimeType.indexOf(';');
    return (semicolon < 0 ? mimeType : mimeType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }

  /** The file name extension a transcription server recognises for an audio type. */
  public static String audioExtension(String sniffed) {
    return switch (sniffed) {
      case OGG -> "ogg";
      case MP4 -> "m4a";
      case MPEG -> "mp3";
      case WAV -> "wav";
      case WEBM -> "webm";
      case FLAC -> "flac";
      case AMR -> "amr";
      case AAC -> "aac";
      default -> "bin";
    };
  }

  public static boolean isAudio(String sniffed) {
    return sniffed != null && sniffed.startsWith("audio/");
  }

  /** The image types every vision API takes (GIF and others are not). */
  public static boolean isModelImage(String sniffed) {
    return PNG.equals(sniffed) || JPEG.equals(sniffed) || WEBP.equals(sniffed);
  }

  private static boolean ascii(Buffer bytes, int offset, String signature) {
    if (bytes.length() < offset + signature.length()) {
      return false;
    }
    for (int i = 0; i < signature.length(); i++) {
      if (bytes.getByte(offset + i) != (byte) signature.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWith(Buffer bytes, int offset, int... signature) {
    if (bytes.length() < offset + signature.length) {
      return false;
    }
    for (int i = 0; i < signature.length; i++) {
      if (bytes.getByte(offset + i) != (byte) signature[i]) {
        return false;
      }
    }
    return true;
  }
}
