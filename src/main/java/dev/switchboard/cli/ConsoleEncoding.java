package dev.switchboard.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Under the POSIX locale (a container or service started without {@code LANG}, {@code env -i}) the
 * JVM writes stdout and stderr in US-ASCII, and every character beyond it, the arrows of a model
 * chain or a customer's name in a log line, as {@code ?}. UTF-8 is the same bytes for ASCII and shows
 * the rest; any other encoding the locale names is left as it is.
 */
public final class ConsoleEncoding {

  private ConsoleEncoding() {
  }

  /** Makes {@code System.out} and {@code System.err} UTF-8 when the locale allows only ASCII; call it first. */
  public static void utf8WhereAsciiOnly() {
    if (!StandardCharsets.US_ASCII.equals(Charset.defaultCharset())) {
      return;
    }
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
  }
}
