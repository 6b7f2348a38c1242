package dev.switchboard.media;

import dev.switchboard.config.MediaConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * The text of a document: a PDF through Apache PDFBox (on a worker thread, never the event loop, at
 * most {@code maxPages} pages), or a text, JSON or CSV file as UTF-8. At most {@code maxChars} are
 * kept, and a cut says so. Other files are declined.
 */
public final class DocumentText {

  private static final Set<String> TEXT_TYPES = Set.of("application/json", "application/csv", "text/csv",
      "application/x-ndjson", "application/xml");
  private static final Set<String> TEXT_EXTENSIONS = Set.of("txt", "csv", "json", "md", "log", "xml", "tsv");

  private final Vertx vertx;
  private final MediaConfig.Document config;

  public DocumentText(Vertx vertx, MediaConfig.Document config) {
    this.vertx = vertx;
    this.config = config;
  }

  /** The text, cut at {@code maxChars} with a note; fails with {@link MediaUnreadable} for other files. */
  public Future<String> extract(Buffer bytes, String declaredType, String fileName) {
    String sniffed = MediaSniffer.sniff(bytes);
    if (MediaSniffer.PDF.equals(sniffed)) {
      byte[] pdf = bytes.getBytes();
      return vertx.executeBlocking(() -> pdfText(pdf), false).map(this::cut);
    }
    if (sniffed == null && isTextType(declaredType, fileName) && MediaSniffer.isText(bytes)) {
      return Future.succeededFuture(cut(bytes.toString(StandardCharsets.UTF_8)));
    }
    String type = MediaSniffer.essence(declaredType);
    return Future.failedFuture(new MediaUnreadable(type == null ? "this kind of file cannot be read"
        : "files of type " + type + " cannot be read, only PDF, text, JSON and CSV"));
  }

  private String pdfText(byte[] pdf) {
    try (PDDocument document = Loader.loadPDF(pdf)) {
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setEndPage(Math.min(document.getNumberOfPages(), config.maxPages()));
      CappedWriter text = new CappedWriter(config.maxChars() + 1);
      try {
        stripper.writeText(document, text);
      } catch (CappedWriter.Full enough) {
        // the cut is said by cut()
      }
      return text.toString();
    } catch (IOException | RuntimeException unreadable) {
      // Encrypted, damaged, or a hostile file PDFBox gave up on: the user hears it, the bytes go nowhere.
      throw new MediaUnreadable("the PDF could not be opened (damaged or password-protected)");
    }
  }

  private String cut(String text) {
    String stripped = text.strip();
    if (stripped.isEmpty()) {
      throw new MediaUnreadable("it has no text to read (a scan?)");
    }
    if (stripped.length() <= config.maxChars()) {
      return stripped;
    }
    return stripped.substring(0, config.maxChars()) + "\n[… cut here: only the first " + config.maxChars()
        + " characters of the document were read]";
  }

  private static boolean isTextType(String declaredType, String fileName) {
    String type = MediaSniffer.essence(declaredType);
    if (type != null && (type.startsWith("text/") || TEXT_TYPES.contains(type))) {
      return true;
    }
    int dot = fileName == null ? -1 : fileName.lastIndexOf('.');
    return dot >= 0 && TEXT_EXTENSIONS.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /** Collects text and stops the stripper once it holds enough, so a huge PDF is not read to its end. */
  private static final class CappedWriter extends Writer {

    private final StringBuilder text = new StringBuilder();
    private final int capacity;

    CappedWriter(int capacity) {
      this.capacity = capacity;
    }

    @Override
    public void write(char[] chars, int offset, int length) {
      int room = capacity - text.length();
      text.append(chars, offset, Math.min(room, length));
      if (length >= room) {
        throw new Full();
      }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
      return text.toString();
    }

    static final class Full extends RuntimeException {
      Full() {
        super(null, null, false, false);
      }
    }
  }
}
