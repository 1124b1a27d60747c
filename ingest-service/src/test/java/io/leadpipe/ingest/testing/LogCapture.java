package io.leadpipe.ingest.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Records every log event of the JVM while open, under the logging configuration the service ships
 * with ({@code logback.xml} from main, not the tests' one) plus the levels given, e.g. the root at
 * DEBUG as an operator troubleshooting would set it. Each event is rendered as a line would be
 * written: message, MDC, stack trace.
 */
public final class LogCapture implements AutoCloseable {

  private static final String SHIPPED_CONFIGURATION = "logback.xml";

  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  /**
   * @param levels logger name ({@link Logger#ROOT_LOGGER_NAME} for the root) → level while
   *     capturing
   */
  public LogCapture(Map<String, Level> levels) {
    configure(
        () -> {
          JoranConfigurator configurator = new JoranConfigurator();
          configurator.setContext(context);
          configurator.doConfigure(
              LogCapture.class.getClassLoader().getResource(SHIPPED_CONFIGURATION));
        });
    levels.forEach((name, level) -> context.getLogger(name).setLevel(level));
    appender.setContext(context);
    appender.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
  }

  /**
   * Each captured event as written text: level, logger, formatted message, MDC and the whole stack
   * trace.
   */
  public List<String> lines() {
    List<ILoggingEvent> events;
    synchronized (appender) { // appends hold the appender's lock
      events = List.copyOf(appender.list);
    }
    return events.stream()
        .map(
            e ->
                e.getLevel()
                    + " "
                    + e.getLoggerName()
                    + " - "
                    + e.getFormattedMessage()
                    + " "
                    + e.getMDCPropertyMap()
                    + (e.getThrowableProxy() == null
                        ? ""
                        : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy())))
        .toList();
  }

  /** Back to the tests' own configuration (logback-test.xml). */
  @Override
  public void close() {
    appender.stop();
    configure(() -> new ContextInitializer(context).autoConfig());
  }

  private interface Configuration {
    void apply() throws JoranException;
  }

  private void configure(Configuration configuration) {
    context.reset();
    try {
      configuration.apply();
    } catch (JoranException e) {
      throw new IllegalStateException("Logback configuration failed", e);
    }
  }
}
