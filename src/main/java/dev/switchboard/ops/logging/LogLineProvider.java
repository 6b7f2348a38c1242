package dev.switchboard.ops.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The bridge's SLF4J binding: one line per event on stderr ({@link LineLogger}), levels per logger
 * name ({@link LogLevels}). Its own rather than slf4j-simple, whose timestamp pattern went through
 * {@code SimpleDateFormat}: setting up the JDK's calendar data for it took ~45 ms of every start, on
 * the main thread before anything else could begin (DESIGN §12).
 */
public final class LogLineProvider implements SLF4JServiceProvider {

  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new BasicMDCAdapter();
  private volatile ILoggerFactory loggers;

  @Override
  public void initialize() {
    LogLevels levels = LogLevels.fromDefaults(System.getProperties());
    levels.ignored().forEach(line -> System.err.println("switchboard: " + line));
    loggers = new LineLoggers(levels, System.err);
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggers;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }
}
