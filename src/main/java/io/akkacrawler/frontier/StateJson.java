package io.akkacrawler.frontier;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON of what the frontier keeps in a durable store (host snapshots, cookies, parts), built
 * the first time a crawl needs it: a crawl that keeps no state never does, and building data
 * binding (about 500 classes) took a tenth of a short crawl's start-up.
 */
final class StateJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private StateJson() {}
}
