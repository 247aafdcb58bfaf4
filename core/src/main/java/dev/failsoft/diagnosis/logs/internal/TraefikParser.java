package dev.failsoft.diagnosis.logs.internal;

import dev.failsoft.diagnosis.Responder;
import java.time.Clock;

/**
 * Traefik v2's text log (logrus), where a proxy failure is logged at debug level: {@code
 * time="2024-05-01T10:00:00Z" level=debug msg="'502 Bad Gateway' caused by: dial tcp 10.0.0.5:8080:
 * connect: connection refused"}. The cause is a Go network error ({@link GoErrors}); the status is
 * the one quoted at the start of the message.
 */
public final class TraefikParser extends FormatParser {
  public TraefikParser(Clock clock) {
    super(clock, "traefik", Responder.TRAEFIK);
  }

  @Override
  public boolean accepts(String s, Prefix p) {
    int i = p.start();
    return Scan.startsWith(s, "time=\"", i) || Scan.startsWith(s, "level=", i);
  }

  @Override
  protected void scan(String s, int start, Draft d) {
    int msgAt = s.indexOf("msg=\"", start);
    int causedBy = s.indexOf("' caused by: ", start);
    if (msgAt < 0 || causedBy < msgAt) {
      return;
    }
    if (Scan.startsWith(s, "time=\"", start)) {
      d.time(Times.iso(s, start + 6));
    }
    d.status(Scan.number(s, msgAt + 6));
    int errAt = causedBy + 13;
    String err = s.substring(errAt, Scan.closingQuote(s, errAt));
    d.evidence(err);
    GoErrors.classify(err, d);
  }
}
