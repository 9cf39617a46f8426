package io.akkacrawler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Ctrl-C reaches the crawl, also when it comes while the crawl is still starting. */
class CliSignalsTest {
  @Test
  void anInterruptWhileTheCrawlStartsIsDeliveredOnceItsActionIsSet() {
    Cli.Signals signals = Cli.Signals.manual();
    AtomicInteger stops = new AtomicInteger();
    signals.interrupt(); // before the crawl set its action
    signals.onInterrupt(stops::incrementAndGet);
    assertEquals(1, stops.get(), "delivered when the action is set");
    signals.interrupt();
    assertEquals(2, stops.get(), "and every later one as it comes");
  }

  @Test
  void anInterruptIsDeliveredOnlyOnce() {
    Cli.Signals signals = Cli.Signals.manual();
    AtomicInteger stops = new AtomicInteger();
    signals.onInterrupt(stops::incrementAndGet);
    signals.interrupt();
    signals.reset();
    signals.onInterrupt(stops::incrementAndGet);
    assertEquals(1, stops.get(), "an interrupt that was handled is not handled again");
  }
}
