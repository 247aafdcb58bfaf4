package dev.failsoft.diagnosis.logs.internal;

import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Phase;
import dev.failsoft.diagnosis.Responder;
import java.time.Clock;

/**
 * Varnish {@code varnishlog} {@code FetchError} records ({@code cache_backend.c}, {@code
 * cache_director.c}, {@code cache_http1_fetch.c}): {@code -- FetchError backend default: fail errno
 * 111 (Connection refused)}. Varnish answers these with 503 "Backend fetch failed". The upstream is
 * the backend's name when the record gives it; records have no time.
 */
public final class VarnishParser extends FormatParser {
  private static final String FETCH_ERROR = "FetchError";

  public VarnishParser(Clock clock) {
    super(clock, "varnish", Responder.VARNISH);
  }

  @Override
  public boolean accepts(String s, Prefix p) {
    int i = p.start();
    // "-   FetchError", "--  FetchError" (grouped) or "   12 FetchError" (old vxid column)
    int j = i;
    while (j < s.length()
        && j - i < 16
        && (s.charAt(j) == '-' || s.charAt(j) == ' ' || Scan.digit(s, j))) {
      j++;
    }
    return j > i && Scan.startsWith(s, FETCH_ERROR, j);
  }

  @Override
  protected void scan(String s, int start, Draft d) {
    int i = Scan.skipSpaces(s, s.indexOf(FETCH_ERROR, start) + FETCH_ERROR.length());
    if (Scan.startsWith(s, "b ", i)) {
      i += 2; // the old tag column
    }
    String msg = s.substring(Math.min(i, s.length())).strip();
    if (msg.isEmpty()) {
      return;
    }
    d.evidence(msg).status(503);
    if (msg.startsWith("backend ")) {
      int colon = msg.indexOf(": ");
      if (colon > 8) {
        d.upstream(msg.substring(8, colon));
        msg = msg.substring(colon + 2);
      }
    }
    classify(msg, d);
  }

  private static void classify(String msg, Draft d) {
    if (msg.startsWith("fail errno ")) {
      FailureKind k = Causes.ofErrno(Scan.number(msg, 11));
      d.kind(k == null ? FailureKind.UNKNOWN : k, Phase.CONNECT);
    } else if (msg.startsWith("unhealthy")
        || msg.startsWith("No backend")
        || msg.contains("returned no backend")) {
      d.kind(FailureKind.DESTINATION_UNAVAILABLE, Phase.CONNECT);
    } else if (msg.startsWith("busy")) {
      d.kind(FailureKind.CONNECTION_LIMIT_REACHED, Phase.CONNECT);
    } else if (msg.startsWith("no backend connection")) {
      // before 6.0.1 every connect failure read this way; the cause is not in the line
      d.kind(FailureKind.SERVICE_UNAVAILABLE, Phase.CONNECT);
    } else if (msg.startsWith("first byte timeout")) {
      d.kind(FailureKind.HTTP_RESPONSE_TIMEOUT, Phase.RESPONSE_HEADERS);
    } else if (msg.startsWith("timeout")) {
      d.kind(FailureKind.CONNECTION_READ_TIMEOUT, Phase.RESPONSE_HEADERS);
    } else if (msg.startsWith("backend closed")) {
      d.kind(FailureKind.CONNECTION_TERMINATED, Phase.RESPONSE_HEADERS);
    } else if (msg.startsWith("backend write error") || msg.startsWith("proxy write errno")) {
      d.kind(FailureKind.CONNECTION_TERMINATED, Phase.REQUEST);
    } else if (msg.startsWith("Received junk") || msg.startsWith("http format error")) {
      d.kind(FailureKind.HTTP_PROTOCOL_ERROR, Phase.RESPONSE_HEADERS);
    } else if (msg.startsWith("overflow")) {
      d.kind(FailureKind.HTTP_RESPONSE_HEADER_SECTION_SIZE, Phase.RESPONSE_HEADERS);
    } else if (msg.startsWith("HTC ")) {
      d.kind(
          msg.startsWith("HTC idle")
              ? FailureKind.CONNECTION_READ_TIMEOUT
              : msg.startsWith("HTC eof")
                  ? FailureKind.CONNECTION_TERMINATED
                  : FailureKind.HTTP_PROTOCOL_ERROR,
          Phase.RESPONSE_HEADERS);
    } else if (msg.startsWith("out of workspace")) {
      d.kind(FailureKind.PROXY_INTERNAL_ERROR);
    } else {
      d.kind(FailureKind.UNKNOWN);
    }
  }
}
