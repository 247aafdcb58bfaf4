package dev.failsoft.diagnosis.logs.internal;

import static dev.failsoft.diagnosis.logs.internal.Scan.at;

import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Responder;
import java.time.Clock;
import java.time.Instant;

/**
 * Caddy v2's JSON error log ({@code "logger":"http.log.error"}, {@code modules/caddyhttp}): {@code
 * {"level":"error","ts":1714557600.123,"logger":"http.log.error","msg":"dial tcp 127.0.0.1:8080:
 * connect: connection refused","request":{"client_ip":"203.0.113.7",
 * "method":"GET","uri":"/api"},"status":502}}. The {@code msg} is a Go network error ({@link
 * GoErrors}); one Caddy words in no way we know is {@link FailureKind#UNKNOWN} when its status is a
 * 5xx. Other loggers' lines (access logs) are not read.
 */
public final class CaddyParser extends FormatParser {
  public CaddyParser(Clock clock) {
    super(clock, "caddy", Responder.CADDY);
  }

  @Override
  public boolean accepts(String s, Prefix p) {
    int i = p.start();
    return at(s, i) == '{' && s.indexOf("\"logger\":\"http.log.error", i) > 0;
  }

  @Override
  protected void scan(String s, int start, Draft d) {
    String msg = string(s, "msg", start);
    if (msg == null) {
      return;
    }
    int request = s.indexOf("\"request\":{", start);
    if (request > 0) {
      String client = string(s, "client_ip", request);
      d.client(client != null ? client : string(s, "remote_ip", request));
      String method = string(s, "method", request);
      String uri = string(s, "uri", request);
      d.request(method == null || uri == null ? uri : method + " " + uri);
    }
    int statusAt = s.lastIndexOf("\"status\":");
    int status = statusAt < 0 ? -1 : Scan.number(s, statusAt + 9);
    d.status(status).time(time(s, start)).evidence(msg);
    GoErrors.classify(msg, d);
    if (d.kind() == null && status >= 500) {
      d.kind(FailureKind.UNKNOWN);
    }
  }

  /** {@code "ts":1714557600.123456} (seconds since the epoch) or an ISO string. */
  private static Instant time(String s, int start) {
    int ts = s.indexOf("\"ts\":", start);
    if (ts < 0) {
      return null;
    }
    if (at(s, ts + 5) == '"') {
      return Times.iso(s, ts + 6);
    }
    int i = ts + 5;
    long seconds = 0;
    int digits = 0;
    for (; Scan.digit(s, i) && digits < 12; i++, digits++) {
      seconds = seconds * 10 + (s.charAt(i) - '0');
    }
    return digits == 0 ? null : Instant.ofEpochSecond(seconds, Times.fraction(s, i));
  }

  /** Returns the JSON string value of {@code "key":"..."} from {@code from}, escapes kept. */
  private static String string(String s, String key, int from) {
    int k = s.indexOf("\"" + key + "\":\"", from);
    if (k < 0) {
      return null;
    }
    int i = k + key.length() + 4;
    return s.substring(i, Scan.closingQuote(s, i));
  }
}
