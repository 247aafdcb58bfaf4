package dev.failsoft.diagnosis.logs.internal;

import static dev.failsoft.diagnosis.logs.internal.Scan.at;

import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Phase;
import dev.failsoft.diagnosis.Responder;
import java.time.Clock;

/**
 * HAProxy logs (configuration.txt §8.2.3, §8.5): {@code option httplog} and {@code option tcplog}
 * lines, whose two-letter termination state ({@code SC}, {@code sH}, {@code PH}…) says what ended
 * the stream and when; health-check and server-state messages ({@code src/check.c}, {@code
 * src/server.c}); and {@code backend X has no server available!}. A {@code ----} line with a 5xx
 * passed on the server's own answer, so its responder is {@link Responder#ORIGIN}. {@code
 * be/<NOSRV>} means no server could be picked (all down, or a name that did not resolve: captured
 * from 2.6 as {@code SC--}), so it is {@code destination_unavailable}, never a refused connect.
 */
public final class HaproxyParser extends FormatParser {
  public HaproxyParser(Clock clock) {
    super(clock, "haproxy", Responder.HAPROXY);
  }

  @Override
  public boolean accepts(String s, Prefix p) {
    int i = p.start();
    if (p.tag().startsWith("haproxy")) {
      return true;
    }
    int sp = s.indexOf(' ', i);
    return sp > i
            && sp - i < 64
            && at(s, sp + 1) == '['
            && at(s, sp + 4) == '/'
            && Times.month(s, sp + 5) > 0
        || Scan.startsWith(s, "Health check for ", i);
  }

  @Override
  protected void scan(String s, int start, Draft d) {
    int sp = s.indexOf(' ', start);
    if (sp > start && at(s, sp + 1) == '[' && Scan.digit(s, sp + 2)) {
      traffic(s, start, sp, d);
    } else if (s.indexOf(" has no server available", start) >= 0) {
      int nameAt = s.indexOf(' ', start) + 1;
      d.upstream(s.substring(nameAt, Scan.until(s, ' ', nameAt)));
      d.kind(FailureKind.DESTINATION_UNAVAILABLE, Phase.CONNECT).evidence(s.substring(start));
    } else if (Scan.startsWith(s, "Health check for ", start)
        || s.indexOf(" is DOWN", start) > 0
            && s.indexOf("Server ", start) >= 0
            && s.indexOf("Server ", start) < start + 16) {
      check(s, start, d);
    }
  }

  /** An httplog or tcplog line: {@code ip:port [date] frontend backend/server timers ...}. */
  private void traffic(String s, int start, int sp, Draft d) {
    d.client(Scan.withoutPort(s.substring(start, sp)));
    int dateEnd = Scan.until(s, ']', sp);
    d.time(Times.haproxy(s, sp + 2, clock));
    int[] cursor = {dateEnd + 2};
    Scan.token(s, cursor); // frontend
    String backendServer = Scan.token(s, cursor);
    String timers = Scan.token(s, cursor);
    int slashes = 0;
    for (int k = 0; k < timers.length(); k++) {
      slashes += timers.charAt(k) == '/' ? 1 : 0;
    }
    int status = -1;
    if (slashes == 4) { // httplog: status bytes cookie cookie state
      status = Scan.number(Scan.token(s, cursor), 0);
      Scan.token(s, cursor);
      Scan.token(s, cursor);
      Scan.token(s, cursor);
    } else { // tcplog: bytes state
      Scan.token(s, cursor);
    }
    String state = Scan.token(s, cursor);
    if (state.length() < 2) {
      return;
    }
    int slash = backendServer.indexOf('/');
    boolean noServer = backendServer.endsWith("/<NOSRV>");
    d.upstream(noServer && slash > 0 ? backendServer.substring(0, slash) : backendServer);
    d.status(status);
    d.request(request(s, cursor));
    d.evidence(
        "termination state "
            + state
            + ", timers "
            + timers
            + (status > 0 ? ", status " + status : ""));
    terminated(state.charAt(0), state.charAt(1), noServer, status, d);
  }

  private static void terminated(char c1, char c2, boolean noServer, int status, Draft d) {
    Phase phase = phase(c2);
    switch (c1) {
      case 'S' -> {
        if (c2 == 'C' || c2 == 'Q') {
          d.kind(
              noServer ? FailureKind.DESTINATION_UNAVAILABLE : FailureKind.CONNECTION_REFUSED,
              Phase.CONNECT);
        } else if (phase != null) {
          d.kind(FailureKind.CONNECTION_TERMINATED, phase);
        }
      }
      case 's' -> {
        switch (c2) {
          case 'C' -> d.kind(FailureKind.CONNECTION_TIMEOUT, Phase.CONNECT);
          case 'Q' -> d.kind(FailureKind.CONNECTION_LIMIT_REACHED, Phase.CONNECT);
          case 'H' -> d.kind(FailureKind.HTTP_RESPONSE_TIMEOUT, Phase.RESPONSE_HEADERS);
          case 'D', 'L' -> d.kind(FailureKind.CONNECTION_READ_TIMEOUT, Phase.RESPONSE_BODY);
          default -> {}
        }
      }
      case 'P' -> {
        if (c2 == 'H' || c2 == 'D') {
          // PH: the response was invalid (garbage, a bad or oversized header; captured from 2.6),
          // never merely incomplete: a server that stops early ends the stream as SH.
          d.kind(FailureKind.HTTP_PROTOCOL_ERROR, phase);
        } else if (c2 == 'Q') {
          d.kind(FailureKind.CONNECTION_LIMIT_REACHED, Phase.CONNECT);
        } else if (c2 == 'C') {
          d.kind(FailureKind.PROXY_INTERNAL_ERROR, Phase.CONNECT);
        } else if (status == 429) {
          d.kind(FailureKind.RATE_LIMITED);
        }
      }
      case 'R', 'I' -> d.kind(FailureKind.PROXY_INTERNAL_ERROR, phase);
      case 'D' -> d.kind(FailureKind.DESTINATION_UNAVAILABLE, phase);
      // killed by an admin (K) or for an active server coming back (U): the hop cut the stream
      case 'K', 'U' -> {
        if (phase != null) {
          d.kind(FailureKind.CONNECTION_TERMINATED, phase);
        }
      }
      case 'C', 'c' -> {
        if (c2 != 'R' && phase != null) {
          d.kind(FailureKind.CANCELED, phase);
        }
      }
      case '-' -> {
        FailureKind k = Causes.ofStatus(status);
        if (k != null) {
          d.kind(k, Phase.RESPONSE_HEADERS).responder(Responder.ORIGIN);
        }
      }
      default -> {}
    }
  }

  private static Phase phase(char c2) {
    return switch (c2) {
      case 'R' -> Phase.REQUEST;
      case 'Q', 'C' -> Phase.CONNECT;
      case 'H' -> Phase.RESPONSE_HEADERS;
      case 'D', 'L' -> Phase.RESPONSE_BODY;
      default -> null;
    };
  }

  /** Health check failed / server DOWN: the check's reason and info tell the kind. */
  private static void check(String s, int start, Draft d) {
    String verdict = s.substring(start);
    if (verdict.contains(" succeeded") || verdict.contains(" is UP")) {
      return;
    }
    d.upstream(Scan.after(s, "erver ", ' ', start)).evidence(verdict);
    String reason = Scan.after(s, "reason: ", ',', start);
    String info = Scan.quoted(s, "info: ", start);
    String detail = info == null ? "" : info;
    if (reason == null) {
      d.kind(FailureKind.UNKNOWN);
    } else if (reason.startsWith("Layer4 connection problem")) {
      FailureKind k =
          detail.contains("refused")
              ? FailureKind.CONNECTION_REFUSED
              : detail.contains("No route") || detail.contains("unreachable")
                  ? FailureKind.DESTINATION_IP_UNROUTABLE
                  : detail.contains("reset")
                      ? FailureKind.CONNECTION_TERMINATED
                      : FailureKind.CONNECTION_REFUSED;
      d.kind(k, Phase.CONNECT);
    } else if (reason.startsWith("Layer4 timeout")) {
      d.kind(FailureKind.CONNECTION_TIMEOUT, Phase.CONNECT);
    } else if (reason.startsWith("Layer6 timeout")) {
      d.kind(FailureKind.CONNECTION_TIMEOUT, Phase.TLS);
    } else if (reason.startsWith("Layer6")) {
      d.kind(FailureKind.TLS_PROTOCOL_ERROR, Phase.TLS);
    } else if (reason.startsWith("Layer7 timeout")) {
      d.kind(FailureKind.HTTP_RESPONSE_TIMEOUT, Phase.RESPONSE_HEADERS);
    } else if (reason.startsWith("Layer7 wrong status")) {
      int code = Scan.number(s, s.indexOf("code: ", start) + 6);
      FailureKind k = Causes.ofStatus(code);
      d.kind(k == null ? FailureKind.ORIGIN_ERROR : k, Phase.RESPONSE_HEADERS)
          .responder(Responder.ORIGIN)
          .status(code);
    } else if (reason.startsWith("Layer7")) {
      d.kind(FailureKind.HTTP_PROTOCOL_ERROR, Phase.RESPONSE_HEADERS);
    } else if (reason.startsWith("Socket error")) {
      d.kind(FailureKind.PROXY_INTERNAL_ERROR, Phase.CONNECT);
    } else {
      d.kind(FailureKind.UNKNOWN);
    }
  }

  /** Returns the quoted request after the counters and any {@code {captures}}, or null. */
  private static String request(String s, int[] cursor) {
    int open = s.indexOf('"', cursor[0]);
    int close = s.lastIndexOf('"');
    return open >= 0 && close > open + 1 ? s.substring(open + 1, close) : null;
  }
}
