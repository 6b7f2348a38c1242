package dev.switchboard.media;

import io.vertx.core.buffer.Buffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Real files, made by the tests: a PNG (javax.imageio), a PDF (PDFBox), an Ogg/Opus voice note. */
public final class MediaSamples {

  private MediaSamples() {
  }

  /** A small PNG with a red and a blue half: real pixels, real chunks, real CRCs. */
  public static Buffer png() {
    BufferedImage image = new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 8; x++) {
      for (int y = 0; y < 6; y++) {
        image.setRGB(x, y, (x < 4 ? Color.RED : Color.BLUE).getRGB());
      }
    }
    return encode(image, "png");
  }

  /** A GIF, which the vision APIs do not all take. */
  public static Buffer gif() {
    return encode(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "gif");
  }

  /** A PDF whose pages hold the given lines, one page each, in Helvetica. */
  public static Buffer pdf(String... pages) {
    try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      for (String text : pages) {
        PDPage page = new PDPage();
        document.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(document, page)) {
          content.beginText();
          content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
          content.newLineAtOffset(72, 700);
          content.showText(text);
          content.endText();
        }
      }
      document.save(out);
      return Buffer.buffer(out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * An Ogg/Opus stream as a voice note is: an {@code OpusHead} page (beginning of stream), an
   * {@code OpusTags} page and one audio page holding a silent Opus frame (TOC 0xF8, 20 ms CELT), each
   * page with its CRC as RFC 3533 defines it, so that a decoder accepts it.
   */
  public static Buffer ogg() {
    Buffer head = Buffer.buffer().appendString("OpusHead").appendByte((byte) 1).appendByte((byte) 1)
        .appendShortLE((short) 312).appendIntLE(48_000).appendShortLE((short) 0).appendByte((byte) 0);
    Buffer tags = Buffer.buffer().appendString("OpusTags").appendIntLE(11).appendString("switchboard")
        .appendIntLE(0);
    Buffer frame = Buffer.buffer(new byte[] {(byte) 0xF8, (byte) 0xFF, (byte) 0xFE});
    return Buffer.buffer()
        .appendBuffer(page(0x02, 0, 0, head))
        .appendBuffer(page(0x00, 0, 1, tags))
        .appendBuffer(page(0x04, 960, 2, frame));
  }

  private static Buffer page(int headerType, long granule, int sequence, Buffer packet) {
    Buffer page = Buffer.buffer().appendString("OggS", StandardCharsets.US_ASCII.name()).appendByte((byte) 0)
        .appendByte((byte) headerType).appendLongLE(granule).appendIntLE(0x5357_4244).appendIntLE(sequence)
        .appendIntLE(0).appendByte((byte) 1).appendByte((byte) packet.length()).appendBuffer(packet);
    page.setIntLE(22, oggCrc(page.getBytes()));
    return page;
  }

  /** CRC-32 with polynomial 0x04C11DB7, no reflection, initial 0: Ogg's own. */
  private static int oggCrc(byte[] bytes) {
    int crc = 0;
    for (byte b : bytes) {
      crc ^= (b & 0xFF) << 24;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 0x8000_0000) != 0 ? (crc << 1) ^ 0x04C1_1DB7 : crc << 1;
      }
    }
    return crc;
  }

  private static Buffer encode(BufferedImage image, String format) {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      ImageIO.write(image, format, out);
      return Buffer.buffer(out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
