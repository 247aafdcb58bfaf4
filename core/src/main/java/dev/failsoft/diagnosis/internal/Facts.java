package dev.failsoft.diagnosis.internal;

import dev.failsoft.diagnosis.ResponseSample;
import java.util.Locale;

/**
 * What the built-in signatures look at, computed once per response: the status, the reason, the few
 * header values the signatures key on (lower-cased, cut to {@value #MAX_HEADER} characters so a
 * hostile 10 000-character value costs nothing) and the body text.
 */
final class Facts {
  /** The most characters of a header value the signatures read. */
  static final int MAX_HEADER = 256;

  final ResponseSample sample;
  final int status;
  final String reason;

  /** The Server header, lower-cased; empty when absent. */
  final String server;

  /** The Via header values joined, lower-cased; empty when absent. */
  final String via;

  /** The body decoded one character per byte. */
  final String body;

  /** The index of the body's first character that is not white space. */
  private final int start;

  Facts(ResponseSample sample) {
    this.sample = sample;
    this.status = sample.status();
    this.reason = cut(sample.head().reason());
    this.server = lower(sample.header("Server").orElse(""));
    this.via = lower(sample.headers().combined("Via").orElse(""));
    this.body = sample.bodyText();
    int i = 0;
    while (i < body.length() && body.charAt(i) <= ' ') {
      i++;
    }
    this.start = i;
  }

  /**
   * Returns true when the body, after leading white space, starts with {@code prefix}: the cheap
   * gate that spares most signatures a scan of the whole body.
   */
  boolean bodyStarts(String prefix) {
    return body.startsWith(prefix, start);
  }

  /** Returns the header's first value cut to {@value #MAX_HEADER}, or empty. */
  String header(String name) {
    return cut(sample.header(name).orElse(""));
  }

  boolean has(String name) {
    return sample.headers().contains(name);
  }

  boolean bodyHas(String needle) {
    return body.contains(needle);
  }

  /** Returns true when the body, less surrounding white space, is exactly {@code text}. */
  boolean bodyIs(String text) {
    int end = body.length();
    while (end > start && body.charAt(end - 1) <= ' ') {
      end--;
    }
    return end - start == text.length() && body.startsWith(text, start);
  }

  boolean bodyEmpty() {
    return body.isEmpty();
  }

  static String cut(String s) {
    return s.length() > MAX_HEADER ? s.substring(0, MAX_HEADER) : s;
  }

  private static String lower(String s) {
    return cut(s).toLowerCase(Locale.ROOT);
  }
}
