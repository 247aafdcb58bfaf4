package dev.failsoft.diagnosis.logs.internal;

import static dev.failsoft.diagnosis.logs.internal.Scan.at;

import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Phase;
import dev.failsoft.diagnosis.Responder;
import java.time.Clock;

/**
 * PHP-FPM's log ({@code fpm_children.c}, {@code fpm_process_ctl.c}, {@code fpm_request.c}): {@code
 * [01-May-2024 10:00:00] WARNING: [pool www] server reached pm.max_children setting (5)}. A full
 * pool is a connection limit, {@code execution timed out} the origin not answering in time, a child
 * killed by a signal or exiting non-zero an origin error (signal 9 is usually the OOM killer). The
 * upstream is the pool.
 */
public final class PhpFpmParser extends FormatParser {
  public PhpFpmParser(Clock clock) {
    super(clock, "php-fpm", Responder.ORIGIN);
  }

  @Override
  public boolean accepts(String s, Prefix p) {
    int i = p.start();
    if (at(s, i) == '[' && Scan.digit(s, i + 1) && at(s, i + 3) == '-') {
      return true;
    }
    int pool = s.indexOf("[pool ", i);
    return pool >= 0 && pool - i < 16;
  }

  @Override
  protected void scan(String s, int start, Draft d) {
    if (at(s, start) == '[' && Scan.digit(s, start + 1)) {
      d.time(Times.dashed(s, start + 1, clock));
    }
    int pool = s.indexOf("[pool ", start);
    if (pool < 0) {
      return;
    }
    int poolEnd = Scan.until(s, ']', pool);
    d.upstream("pool " + s.substring(pool + 6, poolEnd));
    String msg = s.substring(Math.min(poolEnd + 2, s.length()));
    d.evidence(msg);
    if (msg.startsWith("server reached ") && msg.contains("max_children")) {
      d.kind(FailureKind.CONNECTION_LIMIT_REACHED, Phase.CONNECT);
    } else if (msg.contains(" execution timed out ")) {
      String request = Scan.after(msg, "(request: \"", '"', 0);
      d.request(request);
      d.kind(FailureKind.HTTP_RESPONSE_TIMEOUT, Phase.RESPONSE_HEADERS);
    } else if (msg.startsWith("child ")
        && msg.contains(" exited on signal ")
        && !msg.contains(" signal 3 ")) { // SIGQUIT is a graceful stop
      d.kind(FailureKind.ORIGIN_ERROR);
    } else if (msg.startsWith("child ")
        && msg.contains(" exited with code ")
        && !msg.contains(" exited with code 0 ")) {
      d.kind(FailureKind.ORIGIN_ERROR);
    } else if (msg.startsWith("failed processes threshold")) {
      d.kind(FailureKind.ORIGIN_ERROR);
    }
  }
}
