package dev.failsoft.diagnosis.logs.internal;

import static dev.failsoft.diagnosis.logs.internal.Scan.at;
import static dev.failsoft.diagnosis.logs.internal.Scan.digit;

import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Phase;
import dev.failsoft.diagnosis.Responder;
import java.time.Clock;
import java.time.Instant;

/**
 * Squid's native {@code access.log} and its {@code cache.log}, as Squid 5.7 writes them (captured:
 * {@code fixtures/captured/squid}).
 *
 * <p>{@code access.log}: {@code 1796285351.770 0 127.0.0.1 TCP_MISS/503 3443 GET
 * http://127.0.0.1:45513/refused - HIER_DIRECT/127.0.0.1 text/html} — time, elapsed ms, client,
 * result code/status, bytes, method, URL, user, hierarchy code/peer, content type. The line names
 * no cause, so the kind says only what the status and hierarchy prove: with Squid's own page
 * ({@code text/html}) a 503 after trying a server ({@code HIER_DIRECT}, a peer) is a failed connect
 * (ERR_CONNECT_FAIL, refused and timed out alike); a 504 is a read timeout before any response
 * header (a 200 already relayed would have been logged as 200); a 502 is the {@code bad_gateway}
 * family (a reset, a close, an invalid or oversized header all read this way); with {@code
 * HIER_NONE} no server was contacted at all (Squid 5.7 logs a DNS failure as {@code TCP_MISS/502 …
 * HIER_NONE/-}). Another content type is the origin's own answer, relayed.
 *
 * <p>{@code cache.log}: {@code 2026/12/03 08:09:31| WARNING: HTTP: Invalid Response: Bad header
 * encountered from URL AKA URL} is an invalid response header; other lines are no findings.
 */
public final class SquidParser extends FormatParser {
  private static final String INVALID = "WARNING: HTTP: Invalid Response: ";

  public SquidParser(Clock clock) {
    super(clock, "squid", Responder.SQUID);
  }

  @Override
  public boolean accepts(String s, Prefix p) {
    int i = p.start();
    return accessLine(s, i) || cacheLine(s, i) >= 0;
  }

  /** {@code 1796285351.770 } then spaces and the elapsed milliseconds. */
  private static boolean accessLine(String s, int i) {
    int dot = i;
    while (digit(s, dot) && dot - i < 12) {
      dot++;
    }
    return dot - i >= 9
        && at(s, dot) == '.'
        && Scan.digits(s, dot + 1, 3)
        && at(s, dot + 4) == ' '
        && digit(s, Scan.skipSpaces(s, dot + 4));
  }

  /** Returns the index after {@code "| "} of a cache.log line, or -1. */
  private static int cacheLine(String s, int i) {
    if (!Scan.digits(s, i, 4) || at(s, i + 4) != '/' || at(s, i + 10) != ' ') {
      return -1;
    }
    if (at(s, i + 19) == '|') {
      return i + 21;
    }
    // SMP: "2026/12/03 08:09:31 kid1| ..."
    return Scan.startsWith(s, " kid", i + 19) ? Scan.until(s, '|', i + 19) + 2 : -1;
  }

  @Override
  protected void scan(String s, int start, Draft d) {
    int msg = cacheLine(s, start);
    if (msg >= 0) {
      cache(s, start, msg, d);
    } else {
      access(s, start, d);
    }
  }

  private void cache(String s, int start, int msg, Draft d) {
    if (!Scan.startsWith(s, INVALID, msg)) {
      return;
    }
    Instant t = Times.slashed(s, start, clock);
    if (t != null) {
      d.time(t);
    }
    String what = s.substring(msg + INVALID.length());
    int from = what.indexOf(" from ");
    if (from > 0) {
      d.upstream(Scan.after(what, " from ", ' ', from));
    }
    d.evidence(s.substring(msg)).status(502);
    d.kind(
        what.startsWith("No object data received")
            ? FailureKind.HTTP_RESPONSE_INCOMPLETE
            : FailureKind.HTTP_PROTOCOL_ERROR,
        Phase.RESPONSE_HEADERS);
  }

  private static void access(String s, int start, Draft d) {
    int[] cursor = {start};
    String time = Scan.token(s, cursor);
    Scan.token(s, cursor); // elapsed ms
    String client = Scan.token(s, cursor);
    String result = Scan.token(s, cursor);
    Scan.token(s, cursor); // bytes
    String method = Scan.token(s, cursor);
    String url = Scan.token(s, cursor);
    Scan.token(s, cursor); // user
    String hierarchy = Scan.token(s, cursor);
    String type = Scan.token(s, cursor);
    int slash = result.indexOf('/');
    int status = slash < 0 ? -1 : Scan.number(result, slash + 1);
    if (status < 500 || status > 599 || hierarchy.isEmpty()) {
      return;
    }
    d.time(epoch(time)).client(client).status(status).evidence(result + " " + hierarchy);
    d.request(method + " " + url);
    int peer = hierarchy.indexOf('/');
    boolean contacted = !hierarchy.startsWith("HIER_NONE");
    if (contacted && peer > 0 && peer + 1 < hierarchy.length()) {
      d.upstream(hierarchy.substring(peer + 1));
    }
    if (!type.isEmpty() && !type.equals("-") && !type.startsWith("text/html")) {
      // Squid's own pages are text/html: this is the origin's answer, passed through.
      d.responder(Responder.ORIGIN).kind(Causes.ofStatus(status));
      if (status == 502 || status == 504) {
        d.kind(FailureKind.ORIGIN_ERROR);
      }
      return;
    }
    if (!contacted && (status == 502 || status == 503)) {
      d.kind(FailureKind.DESTINATION_UNAVAILABLE, Phase.CONNECT);
      return;
    }
    switch (status) {
      case 503 -> d.kind(FailureKind.DESTINATION_UNAVAILABLE, Phase.CONNECT);
      case 504 ->
          d.kind(
              contacted ? FailureKind.HTTP_RESPONSE_TIMEOUT : FailureKind.GATEWAY_TIMEOUT,
              contacted ? Phase.RESPONSE_HEADERS : null);
      default -> d.kind(Causes.ofStatus(status));
    }
  }

  /** {@code 1796285351.770}: seconds and milliseconds since the epoch; null when malformed. */
  private static Instant epoch(String time) {
    int dot = time.indexOf('.');
    if (dot < 1 || dot > 12 || !Scan.digits(time, 0, dot) || !Scan.digits(time, dot + 1, 3)) {
      return null;
    }
    long seconds = Long.parseLong(time, 0, dot, 10);
    return Instant.ofEpochSecond(
        seconds, Integer.parseInt(time, dot + 1, dot + 4, 10) * 1_000_000L);
  }
}
