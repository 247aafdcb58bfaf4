package dev.failsoft.diagnosis.logs.internal;

import static dev.failsoft.diagnosis.logs.internal.Scan.at;

import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Phase;
import dev.failsoft.diagnosis.Responder;
import java.time.Clock;

/**
 * Envoy's default access-log format and Istio's (which adds response code details, the upstream
 * transport failure reason, the cluster and addresses; told apart by the word after the flags):
 * {@code [2024-05-01T10:00:00.101Z] "GET /api HTTP/1.1" 503 UF 0 91 1 - "xff" "agent" "id"
 * "authority" "upstream"}. The response flags (usage.rst) pick the kind; {@code UF} is refined by
 * the transport failure reason and defaults to a refused connection, its most common cause. A line
 * with no flag and a 5xx passed on the upstream's own answer ({@link Responder#ORIGIN}). The
 * upstream is the upstream host, else Istio's cluster, else the request's authority (a {@code UH}
 * line names no host).
 */
public final class EnvoyParser extends FormatParser {
  public EnvoyParser(Clock clock) {
    super(clock, "envoy", Responder.ENVOY);
  }

  @Override
  public boolean accepts(String s, Prefix p) {
    int i = p.start();
    return at(s, i) == '['
        && Scan.digits(s, i + 1, 4)
        && at(s, i + 5) == '-'
        && at(s, i + 11) == 'T';
  }

  @Override
  protected void scan(String s, int start, Draft d) {
    d.time(Times.iso(s, start + 1));
    int open = s.indexOf("] \"", start);
    if (open < 0) {
      return;
    }
    int reqEnd = Scan.until(s, '"', open + 3);
    d.request(s.substring(open + 3, reqEnd));
    int[] c = {reqEnd + 1};
    int status = Scan.number(Scan.token(s, c), 0);
    String flags = Scan.token(s, c);
    String third = Scan.token(s, c);
    boolean istio = !third.isEmpty() && !Scan.digit(third, 0) && !third.equals("-");
    String details = "";
    String transport = "";
    if (istio) {
      details = third;
      Scan.token(s, c); // connection termination details
      transport = Scan.nextQuoted(s, c);
    }
    String xff = Scan.nextQuoted(s, c);
    Scan.nextQuoted(s, c); // user agent
    Scan.nextQuoted(s, c); // request id
    String authority = Scan.nextQuoted(s, c);
    String host = Scan.nextQuoted(s, c);
    String cluster = null;
    String remote = null;
    if (istio) {
      d.responder(Responder.ISTIO);
      cluster = Scan.token(s, c);
      Scan.token(s, c); // upstream local address
      Scan.token(s, c); // downstream local address
      remote = Scan.token(s, c);
    }
    d.status(status);
    String firstXff = xff == null ? null : xff.substring(0, Scan.until(xff, ',', 0)).strip();
    d.client(Scan.field(firstXff) != null ? firstXff : Scan.withoutPort(Scan.field(remote)));
    String upstream = Scan.field(host);
    upstream = upstream != null ? upstream : Scan.field(cluster);
    d.upstream(upstream != null ? upstream : authority);
    d.evidence(
        "response flags "
            + flags
            + (istio ? ", details " + details : "")
            + (Scan.field(transport) != null ? ", " + transport : "")
            + ", status "
            + status);
    classify("," + flags + ",", details + " " + transport, status, d);
  }

  private static void classify(String flags, String detail, int status, Draft d) {
    if (has(flags, "UH")) {
      d.kind(FailureKind.DESTINATION_UNAVAILABLE, Phase.CONNECT);
    } else if (has(flags, "UF")) {
      d.kind(connectFailure(detail), Phase.CONNECT);
      if (d.kind().group() == FailureKind.Group.TLS) {
        d.phase(Phase.TLS);
      }
    } else if (has(flags, "UO")) {
      d.kind(FailureKind.CONNECTION_LIMIT_REACHED, Phase.CONNECT);
    } else if (has(flags, "UT") || has(flags, "UMSDR")) {
      d.kind(FailureKind.HTTP_RESPONSE_TIMEOUT, Phase.RESPONSE_HEADERS);
    } else if (has(flags, "UC") || has(flags, "UR")) {
      d.kind(
          FailureKind.CONNECTION_TERMINATED,
          detail.contains("after_response_started") ? Phase.RESPONSE_BODY : Phase.RESPONSE_HEADERS);
    } else if (has(flags, "UPE")) {
      d.kind(FailureKind.HTTP_PROTOCOL_ERROR, Phase.RESPONSE_HEADERS);
    } else if (has(flags, "NR") || has(flags, "NC")) {
      d.kind(FailureKind.DESTINATION_NOT_FOUND);
    } else if (has(flags, "DF")) {
      d.kind(FailureKind.DNS_ERROR, Phase.DNS);
    } else if (has(flags, "SI")) {
      d.kind(FailureKind.CONNECTION_READ_TIMEOUT);
    } else if (has(flags, "LR") || has(flags, "OM") || has(flags, "DO")) {
      d.kind(FailureKind.PROXY_INTERNAL_ERROR);
    } else if (has(flags, "RL")) {
      d.kind(FailureKind.RATE_LIMITED);
    } else if (has(flags, "DC")) {
      d.kind(FailureKind.CANCELED);
    } else {
      FailureKind k = Causes.ofStatus(status);
      if (k != null) {
        d.kind(k, Phase.RESPONSE_HEADERS);
        if (flags.equals(",-,") || detail.startsWith("via_upstream")) {
          d.responder(Responder.ORIGIN);
        }
      }
    }
  }

  private static FailureKind connectFailure(String detail) {
    if (detail.contains("TLS") || detail.contains("SSL")) {
      return detail.contains("CERTIFICATE")
          ? FailureKind.TLS_CERTIFICATE_ERROR
          : FailureKind.TLS_PROTOCOL_ERROR;
    } else if (detail.contains("110") || detail.contains("timeout") || detail.contains("timed")) {
      return FailureKind.CONNECTION_TIMEOUT;
    } else if (detail.contains("113")
        || detail.contains("No_route")
        || detail.contains("No route")) {
      return FailureKind.DESTINATION_IP_UNROUTABLE;
    }
    return FailureKind.CONNECTION_REFUSED;
  }

  private static boolean has(String flags, String flag) {
    int i = flags.indexOf(flag);
    while (i > 0) {
      if (flags.charAt(i - 1) == ',' && flags.charAt(i + flag.length()) == ',') {
        return true;
      }
      i = flags.indexOf(flag, i + 1);
    }
    return false;
  }
}
