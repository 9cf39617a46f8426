package io.akkacrawler.frontier;

import akka.actor.typed.Behavior;
import akka.actor.typed.Signal;
import akka.actor.typed.javadsl.Receive;
import io.akkacrawler.state.StoreException;
import java.util.function.Function;

/**
 * Turns a failure of the crawl's store (full disk, I/O error) while a message or signal is handled
 * into the behavior {@code onFailure} gives, instead of a crashed actor.
 */
final class StoreFailures {
  private StoreFailures() {}

  static <T> Receive<T> guard(Receive<T> receive, Function<StoreException, Behavior<T>> onFailure) {
    return new Receive<>() {
      @Override
      public Behavior<T> receiveMessage(T message) throws Exception {
        try {
          return receive.receiveMessage(message);
        } catch (StoreException e) {
          return onFailure.apply(e);
        }
      }

      @Override
      public Behavior<T> receiveSignal(Signal signal) throws Exception {
        try {
          return receive.receiveSignal(signal);
        } catch (StoreException e) {
          return onFailure.apply(e);
        }
      }
    };
  }
}
