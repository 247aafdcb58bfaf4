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
 * ExceptionRules}; the first <em>definite</em> match decides, otherwise the first
 * <em>tentative</em> one (a bare {@code SSLHandshakeException} is only tentatively a protocol error
 * when a {@code CertificateException} lies beneath it). Wrappers such as {@code ExecutionException}
 * match nothing, so they are unwrapped for free.
 *
 * <p>Suppressed exceptions are not consulted: they record failures of clean-up (a {@code close()}
 * in try-with-resources) or of alternative routes tried after the primary one, and classifying them
 * would explain a failure other than the one thrown.
 *
 * <p>The walk stops after {@value #MAX_LINKS} links and when it detects a cycle, so cyclic or
 * absurdly deep chains cost a bounded amount. Exceptions whose {@code getMessage()} or {@code
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
      return new Classification(
          FailureKind.UNKNOWN,
          Optional.empty(),
          Responder.UNKNOWN,
          List.of(Evidence.of("exception", "none was given")));
    }
    String headMessage = messageOf(failure);
    ExceptionRules.Verdict tentative = null;
    Throwable tentativeLink = null;
    String tentativeMessage = null;
    int tentativeIndex = -1;
    Throwable last = failure;
    String lastMessage = headMessage;
    // Brent's cycle detection: compare each link with a marker moved at powers of two, so any
    // cycle is found in bounded steps with no memory of the links seen.
    Throwable marker = null;
    int power = 1;
    int index = 0;
    String stop = null;
    for (Throwable t = failure; t != null; t = causeOf(t), index++) {
      if (index == MAX_LINKS) {
        stop = "cause chain longer than " + MAX_LINKS + " links; the rest was not examined";
        break;
      }
      if (t == marker) {
        stop = "cause chain is cyclic at link " + index + "; stopped there";
        break;
      }
      if (index == power) {
        marker = t;
        power <<= 1;
      } else if (index == 0) {
        marker = t;
      }
      String message = index == 0 ? headMessage : messageOf(t);
      last = t;
      lastMessage = message;
      ExceptionRules.Verdict v = ExceptionRules.match(t, message);
      if (v != null) {
        if (v.definite()) {
          return decided(v, failure, headMessage, t, message, index, stop);
        }
        if (tentative == null) {
          tentative = v;
          tentativeLink = t;
          tentativeMessage = message;
          tentativeIndex = index;
        }
      }
    }
    if (tentative != null) {
      return decided(
          tentative, failure, headMessage, tentativeLink, tentativeMessage, tentativeIndex, stop);
    }
    List<Evidence> evidence = new ArrayList<>(3);
    evidence.add(Evidence.of("exception", describe(failure, headMessage)));
    if (last != failure) {
      evidence.add(
          Evidence.of("cause", "root of " + index + " links: " + describe(last, lastMessage)));
    }
    if (stop != null) {
      evidence.add(Evidence.of("cause", stop));
    }
    return new Classification(FailureKind.UNKNOWN, Optional.empty(), Responder.CLIENT, evidence);
  }

  private static Classification decided(
      ExceptionRules.Verdict v,
      Throwable head,
      String headMessage,
      Throwable link,
      String linkMessage,
      int index,
      String stop) {
    List<Evidence> evidence = new ArrayList<>(3);
    evidence.add(Evidence.of("exception", describe(head, headMessage)));
    if (index > 0) {
      evidence.add(
          Evidence.of("cause", "link " + index + " decided: " + describe(link, linkMessage)));
    }
    if (stop != null) {
      evidence.add(Evidence.of("cause", stop));
    }
    return new Classification(v.kind(), Optional.ofNullable(v.phase()), Responder.CLIENT, evidence);
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

  /** Returns the cause, or null when absent or unreadable. */
  static Throwable causeOf(Throwable t) {
    try {
      return t.getCause();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
