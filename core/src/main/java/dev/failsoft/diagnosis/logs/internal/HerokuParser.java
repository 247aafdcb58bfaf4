package dev.failsoft.diagnosis.logs.internal;

import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Phase;
import dev.failsoft.diagnosis.Responder;
import java.time.Clock;

/**
 * Heroku router and dyno logs (Dev Center "Heroku Error Codes"): {@code <ISO time> heroku[router]:
 * at=error code=H12 desc="Request timeout" method=GET path="/" ... fwd=IP dyno=web.1 ...
 * status=503}, and dyno lines such as {@code heroku[web.1]: Error R10 (Boot timeout) -> ...}. The H
 * or R code picks the kind; a router line with no code and a 5xx is the dyno's own answer ({@link
 * Responder#ORIGIN}). The upstream is the dyno, else the host.
 */
public final class HerokuParser extends FormatParser {
  public HerokuParser(Clock clock) {
    super(clock, "heroku", Responder.HEROKU);
  }

  @Override
  public boolean accepts(String s, Prefix p) {
    return p.tag().startsWith("heroku[");
  }

  @Override
  protected void scan(String s, int start, Draft d) {
    if (s.indexOf("heroku[router]", Math.max(0, start - 20)) < 0) {
      dyno(s, start, d);
      return;
    }
    String code = value(s, start, "code");
    String method = value(s, start, "method");
    String path = value(s, start, "path");
    d.request(method == null || path == null ? path : method + " " + path);
    String fwd = value(s, start, "fwd");
    d.client(fwd == null ? null : fwd.substring(0, Scan.until(fwd, ',', 0)).strip());
    String dyno = Scan.field(value(s, start, "dyno"));
    d.upstream(dyno != null ? dyno : value(s, start, "host"));
    String statusText = value(s, start, "status");
    int status = statusText == null ? -1 : Scan.number(statusText, 0);
    d.status(status);
    if (code == null) {
      FailureKind k = Causes.ofStatus(status);
      if (k != null) {
        d.kind(k, Phase.RESPONSE_HEADERS).responder(Responder.ORIGIN).evidence("status=" + status);
      }
      return;
    }
    String desc = value(s, start, "desc");
    d.evidence("code=" + code + (desc == null ? "" : " desc=\"" + desc + "\""));
    routerCode(code.startsWith("H") ? Scan.number(code, 1) : -1, desc, d);
  }

  private static void routerCode(int h, String desc, Draft d) {
    switch (h) {
      case 10, 14, 20, 82 -> d.kind(FailureKind.DESTINATION_UNAVAILABLE, Phase.CONNECT);
      case 11, 22 -> d.kind(FailureKind.CONNECTION_LIMIT_REACHED, Phase.CONNECT);
      case 12 -> d.kind(FailureKind.HTTP_RESPONSE_TIMEOUT, Phase.RESPONSE_HEADERS);
      case 13 -> d.kind(FailureKind.CONNECTION_TERMINATED, Phase.RESPONSE_HEADERS);
      case 15 -> d.kind(FailureKind.CONNECTION_READ_TIMEOUT, Phase.RESPONSE_BODY);
      case 17 -> d.kind(FailureKind.HTTP_PROTOCOL_ERROR, Phase.RESPONSE_HEADERS);
      case 18 -> d.kind(FailureKind.CONNECTION_TERMINATED, Phase.RESPONSE_BODY);
      case 19 -> d.kind(FailureKind.CONNECTION_TIMEOUT, Phase.CONNECT);
      case 21 -> d.kind(FailureKind.CONNECTION_REFUSED, Phase.CONNECT);
      case 23, 24, 99 -> d.kind(FailureKind.PROXY_INTERNAL_ERROR);
      case 25 ->
          d.kind(
              desc != null && desc.contains("oversized")
                  ? FailureKind.HTTP_RESPONSE_HEADER_SECTION_SIZE
                  : FailureKind.HTTP_PROTOCOL_ERROR,
              Phase.RESPONSE_HEADERS);
      case 27, 28 -> d.kind(FailureKind.CANCELED);
      case 80 -> d.kind(FailureKind.SERVICE_UNAVAILABLE);
      case 81 -> d.kind(FailureKind.DESTINATION_NOT_FOUND);
      // H26 request error and H31 misdirected request are the client's
      case 26, 31 -> {}
      default -> d.kind(FailureKind.UNKNOWN);
    }
  }

  /** A dyno's own line: {@code Error R14 (Memory quota exceeded)}, {@code State changed ...}. */
  private static void dyno(String s, int start, Draft d) {
    int open = s.lastIndexOf('[', start);
    int close = s.lastIndexOf(']', start);
    if (open >= 0 && close > open) {
      d.upstream(s.substring(open + 1, close));
    }
    String msg = s.substring(start);
    d.responder(Responder.ORIGIN).evidence(msg);
    if (msg.startsWith("Error R")) {
      switch (Scan.number(msg, 7)) {
        case 10 -> d.kind(FailureKind.DESTINATION_UNAVAILABLE, Phase.CONNECT);
        case 12, 14, 15 -> d.kind(FailureKind.ORIGIN_ERROR);
        case 99 -> d.kind(FailureKind.PROXY_INTERNAL_ERROR).responder(Responder.HEROKU);
        default -> d.kind(FailureKind.UNKNOWN);
      }
    } else if (msg.startsWith("State changed from ") && msg.endsWith(" to crashed")) {
      d.kind(FailureKind.DESTINATION_UNAVAILABLE, Phase.CONNECT);
    }
  }

  /** Returns the value of {@code key=value} or {@code key="value"}, or null when absent. */
  private static String value(String s, int start, String key) {
    int i = start;
    while (true) {
      i = s.indexOf(key + "=", i);
      if (i < 0) {
        return null;
      }
      if (i == start || s.charAt(i - 1) == ' ') {
        break;
      }
      i += key.length();
    }
    int v = i + key.length() + 1;
    if (Scan.at(s, v) == '"') {
      return s.substring(v + 1, Scan.until(s, '"', v + 1));
    }
    return s.substring(v, Scan.until(s, ' ', v));
  }
}
