package io.akkacrawler.collect;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.akkacrawler.CrawlRecord;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes a {@link CrawlRecord} as the JSON object the record format defines, field by field with
 * Jackson's streaming generator: the same bytes as data binding (a test compares them), at about
 * half its cost, which a cluster's coordinator pays for every page.
 */
final class RecordJson {
  private static final SerializableString URL = name("url");
  private static final SerializableString FINAL_URL = name("final_url");
  private static final SerializableString OUTCOME = name("outcome");
  private static final SerializableString REASON = name("reason");
  private static final SerializableString STATUS = name("status");
  private static final SerializableString DEPTH = name("depth");
  private static final SerializableString PARENT = name("parent");
  private static final SerializableString CONTENT_TYPE = name("content_type");
  private static final SerializableString BYTES = name("bytes");
  private static final SerializableString FETCH_MS = name("fetch_ms");
  private static final SerializableString TITLE = name("title");
  private static final SerializableString CANONICAL = name("canonical");
  private static final SerializableString LINKS = name("links");
  private static final SerializableString BUTTON_IDS = name("button_ids");
  private static final SerializableString FIELDS = name("fields");
  private static final SerializableString TRUNCATED = name("truncated");
  private static final SerializableString NOINDEX = name("noindex");
  private static final SerializableString NOFOLLOW = name("nofollow");
  private static final SerializableString ATTEMPTS = name("attempts");
  private static final SerializableString REDIRECTS = name("redirects");
  private static final SerializableString ERROR = name("error");
  private static final SerializableString TEXT = name("text");
  private static final SerializableString HTML = name("html");
  private static final SerializableString CONTENT_TRUNCATED = name("content_truncated");

  private RecordJson() {}

  /**
   * Writes {@code r} to {@code g}; an extraction value that is neither a string nor a list of
   * strings is written by the data binding {@code mapper} gives (only then).
   */
  static void write(JsonGenerator g, CrawlRecord r, Supplier<ObjectMapper> mapper)
      throws IOException {
    g.writeStartObject();
    string(g, URL, r.url());
    string(g, FINAL_URL, r.finalUrl());
    string(g, OUTCOME, r.outcome() == null ? null : r.outcome().label());
    string(g, REASON, r.reason());
    g.writeFieldName(STATUS);
    if (r.status() == null) {
      g.writeNull();
    } else {
      g.writeNumber(r.status().intValue());
    }
    number(g, DEPTH, r.depth());
    string(g, PARENT, r.parent());
    string(g, CONTENT_TYPE, r.contentType());
    number(g, BYTES, r.bytes());
    number(g, FETCH_MS, r.fetchMs());
    string(g, TITLE, r.title());
    string(g, CANONICAL, r.canonical());
    strings(g, LINKS, r.links());
    strings(g, BUTTON_IDS, r.buttonIds());
    g.writeFieldName(FIELDS);
    fields(g, r.fields(), mapper);
    bool(g, TRUNCATED, r.truncated());
    bool(g, NOINDEX, r.noindex());
    bool(g, NOFOLLOW, r.nofollow());
    number(g, ATTEMPTS, r.attempts());
    strings(g, REDIRECTS, r.redirects());
    string(g, ERROR, r.error());
    if (r.text() != null) {
      string(g, TEXT, r.text());
    }
    if (r.html() != null) {
      string(g, HTML, r.html());
    }
    if (r.contentTruncated() != null) {
      bool(g, CONTENT_TRUNCATED, r.contentTruncated());
    }
    g.writeEndObject();
  }

  private static void number(JsonGenerator g, SerializableString name, long value)
      throws IOException {
    g.writeFieldName(name);
    g.writeNumber(value);
  }

  private static void bool(JsonGenerator g, SerializableString name, boolean value)
      throws IOException {
    g.writeFieldName(name);
    g.writeBoolean(value);
  }

  private static void string(JsonGenerator g, SerializableString name, String value)
      throws IOException {
    g.writeFieldName(name);
    if (value == null) {
      g.writeNull();
    } else {
      g.writeString(value);
    }
  }

  private static void strings(JsonGenerator g, SerializableString name, List<String> values)
      throws IOException {
    g.writeFieldName(name);
    if (values == null) {
      g.writeNull();
    } else {
      array(g, values);
    }
  }

  private static void array(JsonGenerator g, List<String> values) throws IOException {
    g.writeStartArray(values, values.size());
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i);
      if (v == null) {
        g.writeNull();
      } else {
        g.writeString(v);
      }
    }
    g.writeEndArray();
  }

  private static void fields(
      JsonGenerator g, Map<String, Object> fields, Supplier<ObjectMapper> mapper)
      throws IOException {
    if (fields == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject(fields, fields.size());
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      g.writeFieldName(e.getKey());
      Object v = e.getValue();
      if (v == null) {
        g.writeNull();
      } else if (v instanceof String s) {
        g.writeString(s);
      } else if (v instanceof List<?> list
          && list.stream().allMatch(x -> x == null || x instanceof String)) {
        @SuppressWarnings("unchecked")
        List<String> values = (List<String>) list;
        array(g, values);
      } else {
        mapper.get().writeValue(g, v);
      }
    }
    g.writeEndObject();
  }

  private static SerializableString name(String name) {
    return new SerializedString(name);
  }
}
