package io.akkacrawler.state;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON of what a kept crawl stores (its seeds, host snapshots, cookies, parts' lengths), built
 * the first time a crawl needs it: a crawl that keeps no state never does, and building data
 * binding (about 500 classes) took a tenth of a short crawl's start-up.
 */
public final class StateJson {
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private StateJson() {}
}
