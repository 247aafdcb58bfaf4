package dev.failsoft.diagnosis.logs.internal;

import static dev.failsoft.diagnosis.logs.internal.Scan.at;

import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Phase;
import dev.failsoft.diagnosis.Responder;
import java.time.Clock;

/**
 * Apache httpd 2.4 {@code error_log} in the default format ({@code server/log.c}): {@code [Wed May
 * 01 10:00:00.123456 2024] [proxy:error] [pid 4321:tid 1402] (111)Connection refused: [client
 * 203.0.113.7:51234] AH00957: MESSAGE}. The {@code AHnnnnn} code picks the kind, the APR status in
 * parentheses refines it. Companion lines that repeat a failure already logged (AH01114 and AH01079
 * after AH00957, AH00898 "Error reading from remote server" after AH01102, AH00959 disabling the
 * worker) are not findings, so one failure counts once; AH00898 "DNS lookup failure" is the only
 * line of a DNS failure. An oversized response header logs AH10124 and then AH01106 (bad header):
 * two findings, header size and protocol error, for one failure.
 */
public final class ApacheParser extends FormatParser {
  /** APR_TIMEUP: "The timeout specified has expired". */
  private static final int APR_TIMEUP = 70007;

  public ApacheParser(Clock clock) {
    super(clock, "apache", Responder.APACHE);
  }

  @Override
  public boolean accepts(String s, Prefix p) {
    int i = p.start();
    return at(s, i) == '['
        && at(s, i + 4) == ' '
        && Times.month(s, i + 5) > 0
        && at(s, i + 8) == ' ';
  }

  @Override
  protected void scan(String s, int start, Draft d) {
    int close = s.indexOf(']', start);
    if (close < 0) {
      return;
    }
    d.time(Times.apache(s, start + 1, clock));
    int i = close + 2;
    if (at(s, i) != '[') {
      return;
    }
    int moduleEnd = Scan.until(s, ']', i);
    String module = s.substring(i + 1, moduleEnd);
    if (!module.startsWith("proxy")) {
      return;
    }
    i = Scan.skipSpaces(s, moduleEnd + 1);
    if (Scan.startsWith(s, "[pid ", i)) {
      i = Scan.skipSpaces(s, Scan.until(s, ']', i) + 1);
    }
    int errno = -1;
    if (at(s, i) == '(') {
      errno = Scan.number(s, i + 1);
      int colon = s.indexOf(": ", i);
      i = colon < 0 ? s.length() : colon + 2;
    }
    if (Scan.startsWith(s, "[client ", i)) {
      int end = Scan.until(s, ']', i);
      d.client(Scan.withoutPort(s.substring(i + 8, end)));
      i = Scan.skipSpaces(s, end + 1);
    }
    if (!Scan.startsWith(s, "AH", i) || !Scan.digits(s, i + 2, 5)) {
      if (module.endsWith(":error")) {
        d.kind(FailureKind.UNKNOWN).evidence(s.substring(Math.min(i, s.length())));
      }
      return;
    }
    int code = Scan.number(s, i + 2);
    int msgAt = Math.min(i + 9, s.length());
    int refererAt = s.indexOf(", referer: ", msgAt);
    String msg = s.substring(msgAt, refererAt < 0 ? s.length() : refererAt);
    d.evidence(
        errno < 0
            ? s.substring(i, refererAt < 0 ? s.length() : refererAt)
            : s.substring(s.indexOf('(', close), refererAt < 0 ? s.length() : refererAt));
    classify(code, errno, msg, module, d);
  }

  private static void classify(int code, int errno, String msg, String module, Draft d) {
    switch (code) {
      case 957, 2454 -> {
        // "HTTP: attempt to connect to 127.0.0.1:8080 (localhost:8080) failed"
        String to = Scan.after(msg, "connect to ", ' ', 0);
        if (code == 2454) {
          to = Scan.after(msg, "Unix domain socket ", ' ', 0);
        }
        d.upstream(to);
        FailureKind k =
            errno == APR_TIMEUP ? FailureKind.CONNECTION_TIMEOUT : Causes.ofErrno(errno);
        d.kind(k == null ? FailureKind.UNKNOWN : k, Phase.CONNECT).status(503);
      }
      case 940 ->
          d.upstream(Scan.after(msg, "for (", ')', 0))
              .kind(FailureKind.DESTINATION_UNAVAILABLE, Phase.CONNECT)
              .status(503);
      case 941 ->
          d.upstream(Scan.after(msg, "for (", ')', 0))
              .kind(FailureKind.CONNECTION_LIMIT_REACHED, Phase.CONNECT)
              .status(503);
      case 1102 -> {
        d.upstream(Scan.after(msg, "remote server ", ',', 0));
        d.kind(
                errno == APR_TIMEUP
                    ? FailureKind.HTTP_RESPONSE_TIMEOUT
                    : FailureKind.CONNECTION_TERMINATED,
                Phase.RESPONSE_HEADERS)
            .status(502);
      }
      case 1103 -> d.kind(FailureKind.HTTP_RESPONSE_TIMEOUT, Phase.RESPONSE_HEADERS).status(502);
      case 1106 -> {
        // "bad HTTP/1.1 header returned by /api/orders (GET)"
        String path = Scan.after(msg, "returned by ", ' ', 0);
        String method = Scan.after(msg, " (", ')', 0);
        if (path != null) {
          d.request(method == null || method.isEmpty() ? path : method + " " + path);
        }
        d.kind(FailureKind.HTTP_PROTOCOL_ERROR, Phase.RESPONSE_HEADERS).status(502);
      }
      case 1110 -> d.kind(FailureKind.CONNECTION_TERMINATED, Phase.RESPONSE_BODY);
      case 1097, 1084 -> {
        d.upstream(Scan.after(msg, "failed to ", ' ', 0));
        d.kind(
            errno == APR_TIMEUP
                ? FailureKind.CONNECTION_WRITE_TIMEOUT
                : FailureKind.CONNECTION_TERMINATED,
            Phase.REQUEST);
        d.status(errno == APR_TIMEUP ? 504 : 502);
      }
      case 1075 -> {
        if (errno == APR_TIMEUP) {
          d.kind(FailureKind.HTTP_RESPONSE_TIMEOUT, Phase.RESPONSE_HEADERS).status(504);
        } else {
          d.kind(FailureKind.CONNECTION_TERMINATED, Phase.RESPONSE_HEADERS).status(503);
        }
      }
      case 1067 -> d.kind(FailureKind.CONNECTION_TERMINATED, Phase.RESPONSE_HEADERS).status(503);
      case 1068 -> d.kind(FailureKind.HTTP_PROTOCOL_ERROR, Phase.RESPONSE_HEADERS).status(503);
      case 898 -> {
        // "DNS lookup failure for: HOST returned by /path" stands alone (captured: 2.4.71, which
        // answers 500 "Proxy Error"); "Error reading from remote server" follows AH01102.
        if (msg.startsWith("DNS lookup failure for: ")) {
          d.upstream(Scan.after(msg, "failure for: ", ' ', 0))
              .kind(FailureKind.DNS_ERROR, Phase.DNS)
              .status(500);
        }
      }
      case 10124 ->
          // "header size is over the limit allowed by ResponseFieldSize (8192 bytes)"
          d.kind(FailureKind.HTTP_RESPONSE_HEADER_SECTION_SIZE, Phase.RESPONSE_HEADERS).status(502);
      // companions of a failure logged on its own line: AH01114/AH01079 follow AH00957,
      // AH00959 records the worker going into its retry window
      case 1114, 1079, 959 -> {}
      default -> {
        if (msg.contains("SSL Handshake")) {
          d.kind(FailureKind.TLS_PROTOCOL_ERROR, Phase.TLS).status(502);
        } else if (module.endsWith(":error")) {
          d.kind(FailureKind.UNKNOWN);
        }
      }
    }
  }
}
