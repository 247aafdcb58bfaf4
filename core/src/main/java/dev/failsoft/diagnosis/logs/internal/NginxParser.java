package dev.failsoft.diagnosis.logs.internal;

import static dev.failsoft.diagnosis.logs.internal.Scan.at;
import static dev.failsoft.diagnosis.logs.internal.Scan.digit;

import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Phase;
import dev.failsoft.diagnosis.Responder;
import java.time.Clock;
import java.time.Instant;

/**
 * nginx {@code error.log} (also OpenResty, Kong and ingress-nginx, which log the same lines):
 * {@code 2024/05/01 10:00:00 [error] 1234#1234: *101 MESSAGE while ACTION, client: IP, server: S,
 * request: "R", upstream: "U", host: "H"}. The message picks the kind, the {@code while} action the
 * phase (nginx source, {@code ngx_http_upstream.c}). The status is what nginx answers for that
 * failure: 504 for {@code upstream timed out}, 502 for the other upstream errors, none mid-body
 * (the client got a truncated 200).
 */
public final class NginxParser extends FormatParser {
  public NginxParser(Clock clock) {
    super(clock, "nginx", Responder.NGINX);
  }

  @Override
  public boolean accepts(String s, Prefix p) {
    int i = p.start();
    if (Scan.digits(s, i, 4) && at(s, i + 4) == '/' && at(s, i + 10) == ' ') {
      return at(s, i + 20) == '[';
    }
    // Through syslog nginx drops its own stamp: "[error] 1234#1234: ..."
    int close = s.indexOf("] ", i);
    return at(s, i) == '[' && close > i && close < i + 8 && digit(s, close + 2);
  }

  @Override
  protected void scan(String s, int start, Draft d) {
    int i = start;
    Instant t = Times.slashed(s, i, clock);
    if (t != null) {
      d.time(t);
      i += 20;
    }
    int close = s.indexOf(']', i);
    if (close < 0) {
      return;
    }
    String level = s.substring(i + 1, close);
    int colon = s.indexOf(": ", close);
    if (colon < 0) {
      return;
    }
    i = colon + 2;
    if (at(s, i) == '*') {
      i = Scan.until(s, ' ', i) + 1;
    }
    int clientAt = s.indexOf(", client: ", i);
    int msgEnd = clientAt < 0 ? s.length() : clientAt;
    if (i >= msgEnd) {
      return;
    }
    String msg = s.substring(i, msgEnd);
    String upstreamUrl = null;
    if (clientAt >= 0) {
      d.client(Scan.after(s, ", client: ", ',', clientAt));
      d.request(Scan.quoted(s, ", request: ", clientAt));
      upstreamUrl = Scan.quoted(s, ", upstream: ", clientAt);
      d.upstream(peer(upstreamUrl));
    }
    d.evidence(msg);
    int whileAt = msg.lastIndexOf(" while ");
    Phase phase = whileAt < 0 ? null : phase(msg.substring(whileAt + 7));
    classify(msg, phase, d);
    boolean quiet = level.equals("notice") || level.equals("info") || level.equals("debug");
    if (d.kind() == null && upstreamUrl != null && !quiet && !level.equals("warn")) {
      d.kind(FailureKind.UNKNOWN, phase); // an upstream error nginx words in a way we do not know
    }
    if (quiet && d.kind() != FailureKind.CANCELED) {
      d.kind(null);
    }
  }

  private static void classify(String msg, Phase phase, Draft d) {
    if (msg.contains("client prematurely closed") || msg.contains("client closed connection")) {
      d.kind(FailureKind.CANCELED, phase).status(499);
    } else if (msg.startsWith("upstream timed out")) {
      d.kind(timeout(phase), phase == null ? Phase.RESPONSE_HEADERS : phase);
      if (phase != Phase.RESPONSE_BODY) {
        d.status(504);
      }
    } else if (msg.startsWith("connect() ")) {
      if (msg.startsWith("connect() to ")) {
        d.upstream(msg.substring(13, Scan.until(msg, ' ', 13)));
      }
      FailureKind k = Causes.ofErrno(Scan.errno(msg, 0));
      d.kind(k == null ? FailureKind.UNKNOWN : k, Phase.CONNECT).status(502);
    } else if (msg.startsWith("no live upstreams")) {
      d.kind(FailureKind.DESTINATION_UNAVAILABLE, Phase.CONNECT).status(502);
    } else if (msg.startsWith("upstream prematurely closed")) {
      upstreamBroke(FailureKind.CONNECTION_TERMINATED, phase, d);
    } else if (msg.startsWith("upstream sent too big header")) {
      d.kind(FailureKind.HTTP_RESPONSE_HEADER_SECTION_SIZE, Phase.RESPONSE_HEADERS).status(502);
    } else if (msg.startsWith("upstream sent ")) {
      upstreamBroke(FailureKind.HTTP_PROTOCOL_ERROR, phase, d);
    } else if (msg.startsWith("FastCGI sent in stderr")) {
      d.kind(FailureKind.ORIGIN_ERROR, phase).responder(Responder.ORIGIN);
    } else if (msg.startsWith("upstream SSL certificate")) {
      d.kind(FailureKind.TLS_CERTIFICATE_ERROR, Phase.TLS).status(502);
    } else if (phase == Phase.TLS) {
      d.kind(FailureKind.TLS_PROTOCOL_ERROR, Phase.TLS).status(502);
    } else if (msg.contains(" could not be resolved")) {
      d.upstream(msg.substring(0, msg.indexOf(" could not be resolved")));
      FailureKind k = Scan.errno(msg, 0) == 110 ? FailureKind.DNS_TIMEOUT : FailureKind.DNS_ERROR;
      d.kind(k, Phase.DNS).status(502);
    } else if (msg.startsWith("no resolver defined to resolve ")) {
      d.upstream(msg.substring(31, Scan.until(msg, ' ', 31)));
      d.kind(FailureKind.DNS_ERROR, Phase.DNS).status(502);
    } else if (msg.startsWith("host not found in upstream ")) {
      d.upstream(Scan.quoted(msg, "upstream ", 0));
      d.kind(FailureKind.DNS_ERROR, Phase.DNS);
    } else if (msg.startsWith("limiting requests") || msg.startsWith("limiting connections")) {
      d.kind(FailureKind.RATE_LIMITED).status(503);
    } else if (msg.contains("no peer was returned")) {
      // ingress-nginx's Lua balancer: "balance(): no peer was returned, balancer: <name>"
      d.responder(Responder.INGRESS_NGINX).upstream(Scan.after(msg, "balancer: ", ',', 0));
      d.kind(FailureKind.DESTINATION_UNAVAILABLE, Phase.CONNECT).status(503);
    } else if (msg.contains("() failed (") && phase != null) {
      int errno = Scan.errno(msg, 0);
      upstreamBroke(errno == 110 ? timeout(phase) : FailureKind.CONNECTION_TERMINATED, phase, d);
    }
  }

  /** A failure after connecting: 502 unless the body had begun (then the client saw a cut 200). */
  private static void upstreamBroke(FailureKind kind, Phase phase, Draft d) {
    d.kind(kind, phase == null ? Phase.RESPONSE_HEADERS : phase);
    if (phase != Phase.RESPONSE_BODY) {
      d.status(502);
    }
  }

  /** Waiting for headers is a response timeout, idle mid-body a read timeout (see FailureKind). */
  private static FailureKind timeout(Phase phase) {
    if (phase == null) {
      return FailureKind.HTTP_RESPONSE_TIMEOUT;
    }
    return switch (phase) {
      case DNS -> FailureKind.DNS_TIMEOUT;
      case CONNECT, TLS -> FailureKind.CONNECTION_TIMEOUT;
      case REQUEST -> FailureKind.CONNECTION_WRITE_TIMEOUT;
      case RESPONSE_HEADERS -> FailureKind.HTTP_RESPONSE_TIMEOUT;
      case RESPONSE_BODY -> FailureKind.CONNECTION_READ_TIMEOUT;
    };
  }

  private static Phase phase(String action) {
    if (action.startsWith("connecting to upstream")) {
      return Phase.CONNECT;
    } else if (action.startsWith("SSL handshaking to upstream")) {
      return Phase.TLS;
    } else if (action.startsWith("sending request to upstream")) {
      return Phase.REQUEST;
    } else if (action.startsWith("reading response header from upstream")) {
      return Phase.RESPONSE_HEADERS;
    } else if (action.startsWith("reading upstream")
        || action.startsWith("proxying upgraded connection")) {
      return Phase.RESPONSE_BODY;
    }
    return null;
  }

  /**
   * Returns the peer of an {@code upstream: "..."} URL: {@code 10.0.0.5:8080} of {@code
   * http://10.0.0.5:8080/api}, {@code unix:/run/php.sock} of {@code fastcgi://unix:/run/php.sock:},
   * the group name {@code backend} of {@code http://backend/api} (no live upstreams).
   */
  static String peer(String url) {
    if (url == null) {
      return null;
    }
    int scheme = url.indexOf("://");
    int from = scheme < 0 ? 0 : scheme + 3;
    if (url.startsWith("unix:", from)) {
      return url.substring(from, Scan.until(url, ':', from + 5));
    }
    return url.substring(from, Scan.until(url, '/', from));
  }
}
