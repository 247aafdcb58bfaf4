package dev.failsoft.diagnosis.logs.internal;

import static dev.failsoft.diagnosis.logs.internal.Scan.at;

import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Responder;
import java.time.Clock;

/**
 * The Linux kernel's OOM killer ({@code mm/oom_kill.c}), from {@code dmesg} ({@code [12345.678901]
 * Out of memory: Killed process 2446 (php-fpm8.1) ...}) or through syslog ({@code kernel:}). A
 * killed process is an origin error: the app server behind the proxy died mid-request. The upstream
 * is the killed process's name. The {@code invoked oom-killer} line that precedes the kill is not
 * counted, so one kill counts once; {@code dmesg} stamps are seconds since boot, so such lines have
 * no time.
 */
public final class KernelOomParser extends FormatParser {
  public KernelOomParser(Clock clock) {
    super(clock, "kernel-oom", Responder.ORIGIN);
  }

  @Override
  public boolean accepts(String s, Prefix p) {
    int i = p.start();
    if (p.tag().equals("kernel")) {
      return true;
    }
    int j = Scan.skipSpaces(s, i + 1);
    while (Scan.digit(s, j)) {
      j++;
    }
    return at(s, i) == '[' && j > i + 1 && at(s, j) == '.' && Scan.digit(s, j + 1);
  }

  @Override
  protected void scan(String s, int start, Draft d) {
    int i = start;
    if (at(s, i) == '[') {
      i = Scan.skipSpaces(s, Scan.until(s, ']', i) + 1);
    }
    boolean kill =
        Scan.startsWith(s, "Out of memory: Kill", i)
            || Scan.startsWith(s, "Memory cgroup out of memory: Kill", i);
    if (!kill) {
      return;
    }
    String msg = s.substring(i);
    int open = msg.indexOf('(');
    if (open >= 0) {
      d.upstream(msg.substring(open + 1, Scan.until(msg, ')', open)));
    }
    int detail = msg.indexOf(" total-vm:");
    d.evidence(detail < 0 ? msg : msg.substring(0, detail));
    d.kind(FailureKind.ORIGIN_ERROR);
  }
}
