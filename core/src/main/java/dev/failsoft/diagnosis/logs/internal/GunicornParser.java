package dev.failsoft.diagnosis.logs.internal;

import static dev.failsoft.diagnosis.logs.internal.Scan.at;

import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Phase;
import dev.failsoft.diagnosis.Responder;
import java.time.Clock;

/**
 * gunicorn's error log ({@code glogging.py}, {@code arbiter.py}): {@code [2024-05-01 10:00:30
 * +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:12)}. These explain the failures the proxy in front
 * logs: a worker timeout is the origin not answering in time, a SIGKILL (often the OOM killer) or a
 * crash an origin error, a failed boot an unavailable destination. The upstream is the worker.
 */
public final class GunicornParser extends FormatParser {
  public GunicornParser(Clock clock) {
    super(clock, "gunicorn", Responder.ORIGIN);
  }

  @Override
  public boolean accepts(String s, Prefix p) {
    int i = p.start();
    return at(s, i) == '['
        && Scan.digits(s, i + 1, 4)
        && at(s, i + 5) == '-'
        && at(s, i + 11) == ' '
        && at(s, i + 20) == ' ';
  }

  @Override
  protected void scan(String s, int start, Draft d) {
    d.time(Times.iso(s, start + 1));
    int levelAt = s.indexOf("] [", s.indexOf("] [", start) + 1);
    if (levelAt < 0) {
      return;
    }
    int msgAt = Math.min(Scan.until(s, ']', levelAt + 3) + 2, s.length());
    String msg = s.substring(msgAt);
    d.evidence(msg);
    String pid = Scan.after(msg, "pid:", ')', 0);
    if (pid != null) {
      d.upstream("worker " + pid.strip());
    }
    if (msg.startsWith("WORKER TIMEOUT")) {
      d.kind(FailureKind.HTTP_RESPONSE_TIMEOUT, Phase.RESPONSE_HEADERS);
    } else if (msg.startsWith("Worker (pid:")
        && (msg.contains("was sent SIG") || msg.contains("exited with code"))) {
      d.kind(FailureKind.ORIGIN_ERROR);
    } else if (msg.contains("Worker failed to boot")) {
      d.kind(FailureKind.DESTINATION_UNAVAILABLE, Phase.CONNECT);
    }
  }
}
