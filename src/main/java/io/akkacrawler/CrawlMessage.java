package io.akkacrawler;

/**
 * Marker of every message that may cross the network in cluster mode: such messages are plain
 * records (no lambdas, no actor-local objects) and are serialized with Jackson CBOR (see the {@code
 * serialization-bindings} of the cluster config). Messages that never leave their actor also
 * implement {@link akka.actor.NoSerializationVerificationNeeded}.
 */
public interface CrawlMessage {}
