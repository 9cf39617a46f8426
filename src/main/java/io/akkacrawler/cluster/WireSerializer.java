package io.akkacrawler.cluster;

import akka.actor.ExtendedActorSystem;
import akka.actor.typed.ActorRefResolver;
import akka.actor.typed.javadsl.Adapter;
import akka.serialization.SerializerWithStringManifest;
import io.akkacrawler.fetch.AnswerBatch;
import io.akkacrawler.fetch.Fetcher;
import io.akkacrawler.fetch.NodeParts;
import java.io.NotSerializableException;

/**
 * The compact binary format of the messages that cross the network for every page of a cluster
 * crawl: the jobs a node is given, its answers (alone or in batches), the receipts for them and its
 * pulls for more (and, once per node and crawl, where the distributor is: at the start of a crawl,
 * where Jackson's first message of a kind costs tens of milliseconds). Jackson CBOR (every other
 * message) took about a fifth of both the coordinator's and a worker's CPU for these; this writes
 * each field in order, strings as UTF-8 and numbers as variable-length integers. Both ends run the
 * same build (a cluster's nodes must), so the format has no versions. Thread-safe: everything a
 * message needs lives in the call.
 */
public final class WireSerializer extends SerializerWithStringManifest {
  /** This serializer's id in Akka's serialization (user ids are above 40). */
  static final int ID = 1_847_361;

  private static final String JOBS = "J";
  private static final String BATCH = "B";
  private static final String FETCHED = "F";
  private static final String RECORDED = "R";
  private static final String RECEIPTS = "C";
  private static final String RECEIVED = "c";
  private static final String PULL = "P";
  private static final String DISTRIBUTOR = "D";

  private final ExtendedActorSystem system;
  private volatile ActorRefResolver resolver;

  public WireSerializer(ExtendedActorSystem system) {
    this.system = system;
  }

  @Override
  public int identifier() {
    return ID;
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof JobFeed.Jobs) {
      return JOBS;
    } else if (o instanceof AnswerBatch) {
      return BATCH;
    } else if (o instanceof Fetcher.Fetched) {
      return FETCHED;
    } else if (o instanceof NodeParts.Recorded) {
      return RECORDED;
    } else if (o instanceof Fetcher.Receipts) {
      return RECEIPTS;
    } else if (o instanceof Fetcher.Received) {
      return RECEIVED;
    } else if (o instanceof WorkDistributor.Pull) {
      return PULL;
    } else if (o instanceof JobFeed.DistributorFound) {
      return DISTRIBUTOR;
    }
    throw new IllegalArgumentException("not a message of the wire format: " + o.getClass());
  }

  @Override
  public byte[] toBinary(Object o) {
    WireWriter w = new WireWriter(this::resolver);
    if (o instanceof JobFeed.Jobs m) {
      w.out.unsigned(m.jobs().size());
      m.jobs().forEach(w::command);
    } else if (o instanceof AnswerBatch m) {
      w.out.unsigned(m.pages().size());
      m.pages().forEach(w::fetched);
      w.out.unsigned(m.recorded().size());
      m.recorded().forEach(w::recorded);
    } else if (o instanceof Fetcher.Fetched m) {
      w.fetched(m);
    } else if (o instanceof NodeParts.Recorded m) {
      w.recorded(m);
    } else if (o instanceof Fetcher.Receipts m) {
      w.out.unsigned(m.receipts().size());
      m.receipts().forEach(w::received);
    } else if (o instanceof Fetcher.Received m) {
      w.received(m);
    } else if (o instanceof WorkDistributor.Pull m) {
      w.ref(m.feed());
      w.out.signed(m.window());
      w.out.unsigned(m.done().size());
      m.done().forEach(w.out::signed);
    } else if (o instanceof JobFeed.DistributorFound m) {
      w.ref(m.distributor());
    } else {
      throw new IllegalArgumentException("not a message of the wire format: " + o.getClass());
    }
    return w.out.toByteArray();
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    WireReader r = new WireReader(bytes, this::resolver);
    Object message;
    try {
      message =
          switch (manifest) {
            case JOBS -> new JobFeed.Jobs(r.list(r::command));
            case BATCH -> new AnswerBatch(r.list(r::fetched), r.list(r::recorded));
            case FETCHED -> r.fetched();
            case RECORDED -> r.recorded();
            case RECEIPTS -> new Fetcher.Receipts(r.list(r::received));
            case RECEIVED -> r.received();
            case PULL -> new WorkDistributor.Pull(r.ref(), r.in.integer(), r.list(r.in::signed));
            case DISTRIBUTOR -> new JobFeed.DistributorFound(r.ref());
            default -> throw new NotSerializableException("unknown crawl message: " + manifest);
          };
    } catch (IllegalArgumentException | NullPointerException | IndexOutOfBoundsException e) {
      // a field the record refuses (an unknown reason, a missing list): a corrupt message
      throw new NotSerializableException("malformed crawl message: " + e.getMessage());
    }
    r.in.end();
    return message;
  }

  private ActorRefResolver resolver() {
    ActorRefResolver r = resolver;
    if (r == null) {
      r = ActorRefResolver.get(Adapter.toTyped(system));
      resolver = r;
    }
    return r;
  }
}
