package dev.failsoft.diagnosis.internal;

import dev.failsoft.diagnosis.Evidence;
import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Responder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Classifies what HTTP clients throw into a failure kind and the phase it implies.
 *
 * <p>The cause chain is walked from the thrown exception inwards. Each link is matched by {@link
 * ExceptionRules}; the first <em>definite</em> match decides, otherwise the first <em>tentative</em>
 * one (a bare {@code SSLHandshakeException} is only tentatively a protocol error when a {@code
 * CertificateException} lies beneath it). Wrappers such as {@code ExecutionException} match
 * nothing, so they are unwrapped for free.
 *
 * <p>Suppressed exceptions are not consulted: they record failures of clean-up (a {@code close()}
 * in try-with-resources) or of alternative routes tried after the primary one, and classifying
 * them would explain a failure other than the one thrown.
 *
 * <p>The walk stops after {@value #MAX_LINKS} links and at the first link seen before, so cyclic
 * or absurdly deep chains cost a bounded amount. Exceptions whose {@code getMessage()} or {@code
 * getCause()} throw are treated as having no message or no cause. Never throws; stateless and
 * thread-safe.
 */
public final class ExceptionClassifier {

  /** The most cause-chain links examined; real chains are under ten. */
  static final int MAX_LINKS = 32;

  /**
   * The most characters of a message looked at. Jetty puts its connection state (about 1 000
   * characters) in some messages, and the part that matters is near the end.
   */
  static final int MAX_MESSAGE = 2048;

  private ExceptionClassifier() {}

  /** Classifies {@code failure} by walking its cause chain. Never throws. */
  public static Classification classify(Throwable failure) {
    if (failure == null) {
      return new Classification(FailureKind.UNKNOWN, Optional.empty(), Responder.UNKNOWN,
          List.of(Evidence.of("exception", "none was given")));
    }
    Throwable[] links = new Throwable[MAX_LINKS];
    String[] messages = new String[MAX_LINKS];
    ExceptionRules.Verdict tentative = null;
    int tentativeLink = -1;
    int count = 0;
    String stop = null;
    for (Throwable t = failure; t != null; t = causeOf(t)) {
      if (count == MAX_LINKS) {
        stop = "cause chain longer than " + MAX_LINKS + " links; the rest was not examined";
        break;
      }
      if (seen(links, count, t)) {
        stop = "cause chain is cyclic at link " + count + "; stopped there";
        break;
      }
      String message = messageOf(t);
      links[count] = t;
      messages[count] = message;
      ExceptionRules.Verdict v = ExceptionRules.match(t, message, causeMessage(t));
      if (v != null) {
        if (v.definite()) {
          return decided(v, links, messages, count, stop);
        }
        if (tentative == null) {
          tentative = v;
          tentativeLink = count;
        }
      }
      count++;
    }
    if (tentative != null) {
      return decided(tentative, links, messages, tentativeLink, stop);
    }
    List<Evidence> evidence = new ArrayList<>(3);
    evidence.add(Evidence.of("exception", describe(links[0], messages[0])));
    if (count > 1) {
      evidence.add(Evidence.of("cause", "root of " + count + " links: "
          + describe(links[count - 1], messages[count - 1])));
    }
    if (stop != null) {
      evidence.add(Evidence.of("cause", stop));
    }
    return new Classification(FailureKind.UNKNOWN, Optional.empty(), Responder.CLIENT, evidence);
  }

  private static Classification decided(
      ExceptionRules.Verdict v, Throwable[] links, String[] messages, int link, String stop) {
    List<Evidence> evidence = new ArrayList<>(3);
    evidence.add(Evidence.of("exception", describe(links[0], messages[0])));
    if (link > 0) {
      evidence.add(Evidence.of("cause", "link " + link + " decided: "
          + describe(links[link], messages[link])));
    }
    if (stop != null) {
      evidence.add(Evidence.of("cause", stop));
    }
    return new Classification(
        v.kind(), Optional.ofNullable(v.phase()), Responder.CLIENT, evidence);
  }

  private static boolean seen(Throwable[] links, int count, Throwable t) {
    for (int i = 0; i < count; i++) {
      if (links[i] == t) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Throwable t, String message) {
    String name = t.getClass().getName();
    if (message.isEmpty()) {
      return name;
    }
    // Evidence keeps only Evidence.MAX_DETAIL characters; do not copy more than that.
    int keep = Math.min(message.length(), Evidence.MAX_DETAIL);
    return name + ": " + message.substring(0, keep);
  }

  /** Returns the message cut to {@link #MAX_MESSAGE}, or "" when absent or unreadable. */
  static String messageOf(Throwable t) {
    String m;
    try {
      m = t.getMessage();
    } catch (RuntimeException e) {
      return "";
    }
    if (m == null) {
      return "";
    }
    return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) : m;
  }

  private static String causeMessage(Throwable t) {
    Throwable cause = causeOf(t);
    return cause == null || cause == t ? "" : messageOf(cause);
  }

  private static Throwable causeOf(Throwable t) {
    try {
      return t.getCause();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
