package dev.switchboard.media;

import dev.switchboard.config.MediaConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class DocumentTextTest {

  private static DocumentText documents(Vertx vertx, int maxChars) {
    return new DocumentText(vertx, new MediaConfig.Document(true, 1 << 20, maxChars, 50));
  }

  @Test
  void aPdfMadeWithPdfBoxIsReadPageByPage(Vertx vertx) {
    String text = documents(vertx, 10_000).extract(MediaSamples.pdf("Invoice 4711: 99 EUR", "Due on 31 March"),
        "application/pdf", "invoice.pdf").await();

    assertTrue(text.contains("Invoice 4711: 99 EUR") && text.contains("Due on 31 March"), text);
  }

  @Test
  void aLongDocumentIsCutAndTheCutIsSaid(Vertx vertx) {
    String text = documents(vertx, 12).extract(MediaSamples.pdf("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        "application/pdf", "long.pdf").await();

    assertTrue(text.startsWith("ABCDEFGHIJKL\n[… cut here: only the first 12 characters"), text);
    assertTrue(!text.contains("M"), text);
  }

  @Test
  void csvJsonAndTextAreReadAsUtf8(Vertx vertx) {
    Buffer csv = Buffer.buffer("name,city\nJürgen,München\n", StandardCharsets.UTF_8.name());
    assertEquals("name,city\nJürgen,München", documents(vertx, 100).extract(csv, "text/csv", "people.csv").await());
    assertEquals("{\"a\":1}", documents(vertx, 100).extract(Buffer.buffer("{\"a\":1}"), "application/octet-stream",
        "data.json").await(), "known by its extension");
  }

  @Test
  void otherFilesAndBrokenPdfsAreDeclinedWithAReason(Vertx vertx) {
    Throwable docx = failure(documents(vertx, 100).extract(Buffer.buffer(new byte[] {'P', 'K', 3, 4, 0, 0}),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "cv.docx"));
    assertInstanceOf(MediaUnreadable.class, docx);
    assertTrue(docx.getMessage().contains("only PDF, text, JSON and CSV"), docx.getMessage());

    Buffer truncated = MediaSamples.pdf("Cut short").getBuffer(0, 40);
    Throwable broken = failure(documents(vertx, 100).extract(truncated, "application/pdf", "broken.pdf"));
    assertInstanceOf(MediaUnreadable.class, broken);
    assertTrue(broken.getMessage().contains("could not be opened"), broken.getMessage());
  }

  private static Throwable failure(io.vertx.core.Future<?> future) {
    return future.transform(outcome -> io.vertx.core.Future.succeededFuture(outcome.cause())).await();
  }
}
