package dev.failsoft.diagnosis.internal;

import dev.failsoft.diagnosis.Evidence;
import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Phase;
import dev.failsoft.diagnosis.Responder;
import dev.failsoft.diagnosis.ResponseSample;
import dev.failsoft.diagnosis.SignatureMatch;
import dev.failsoft.diagnosis.SignatureRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attributes a failure response to the hop that produced it and classifies the failure.
 *
 * <p>Order of trust: an upstream {@code Proxy-Status} error (RFC 9209) sets the kind; then the
 * strongest signature match names the responder and, when its signature tells, the kind and phase;
 * user rules win ties with built-ins; two built-ins of different products that fit equally well
 * yield {@link Responder#UNKNOWN} with both evidences. Marks a hop puts on every response
 * (confidence at most {@value BuiltInSignatures#PRESENCE}) only show the hop was on the path: with
 * nothing stronger, the response is the origin's own, passed through. When no signature gives the
 * kind, it follows from the status: 429, or 503 with Retry-After, is rate limiting; 502/503/504 are
 * the generic hop outcomes; another 5xx from the origin is an origin error. Thread-safe; never
 * throws (a user rule that throws is logged and skipped).
 */
public final class ResponseClassifier {
  private static final Logger log = LoggerFactory.getLogger(ResponseClassifier.class);

  private ResponseClassifier() {}

  private record Candidate(SignatureMatch match, boolean user) {}

  /** Classifies {@code sample}; {@code userRules} take precedence on a tie. Never throws. */
  public static Classification classify(ResponseSample sample, List<SignatureRule> userRules) {
    Facts f = new Facts(sample);
    int status = f.status;
    List<Evidence> evidence = new ArrayList<>(6);
    evidence.add(Evidence.of("status", status + (f.reason.isEmpty() ? "" : " " + f.reason)));

    ProxyStatusParser.Member proxyStatus = proxyStatus(sample, evidence);

    List<Candidate> candidates = new ArrayList<>(4);
    for (BuiltInSignatures.Signature s : BuiltInSignatures.ALL) {
      SignatureMatch m = s.match(f);
      if (m != null) {
        candidates.add(new Candidate(m, false));
      }
    }
    for (SignatureRule rule : userRules) {
      try {
        Optional<SignatureMatch> m = rule.match(sample);
        if (m != null && m.isPresent()) {
          candidates.add(new Candidate(m.get(), true));
        }
      } catch (RuntimeException | LinkageError e) {
        log.warn("Signature rule {} failed; skipping it", rule.getClass().getName(), e);
      }
    }

    Candidate best = null;
    boolean ambiguous = false;
    for (Candidate c : candidates) {
      if (best == null || c.match.confidence() > best.match.confidence()) {
        best = c;
        ambiguous = false;
      } else if (c.match.confidence() == best.match.confidence()
          && !c.match.responder().equals(best.match.responder())) {
        if (c.user && !best.user) {
          best = c;
          ambiguous = false;
        } else if (c.user == best.user) {
          ambiguous = true;
        }
      }
    }

    Responder responder;
    FailureKind kind = null;
    Phase phase = null;
    if (best != null && best.match.confidence() > BuiltInSignatures.PRESENCE && ambiguous) {
      responder = Responder.UNKNOWN;
      int top = best.match.confidence();
      for (Candidate c : candidates) {
        if (c.match.confidence() == top) {
          for (Evidence e : c.match.evidence()) {
            evidence.add(
                Evidence.of(e.source(), "fits " + c.match.responder().id() + ": " + e.detail()));
          }
        }
      }
      evidence.add(Evidence.of("signature", "ambiguous: several products' signatures fit"));
    } else if (best != null && best.match.confidence() > BuiltInSignatures.PRESENCE) {
      responder = best.match.responder();
      kind = best.match.kind().orElse(null);
      phase = best.match.phase().orElse(null);
      for (Candidate c : candidates) {
        if (c.match.responder().equals(responder)) {
          for (Evidence e : c.match.evidence()) {
            evidence.add(Evidence.of(e.source(), e.detail())); // a user rule's may be unbounded
          }
        }
      }
      addPassedThrough(candidates, responder, evidence);
    } else if (best != null) {
      // Only presence marks: the hops passed on what the server behind them said.
      responder = Responder.ORIGIN;
      addPassedThrough(candidates, responder, evidence);
    } else {
      responder =
          status == 500 || RelayedOrigin.answered(f, evidence)
              ? Responder.ORIGIN
              : Responder.UNKNOWN;
    }

    if (proxyStatus != null) {
      Optional<FailureKind> psKind = proxyStatus.kind();
      if (psKind.isPresent()) {
        kind = psKind.get();
        phase = proxyStatus.phase().orElse(null);
        // A hop that names itself in Proxy-Status is believed over a body heuristic; a name
        // Failsoft does not know may be an alias of the hop the signature found, so that stays.
        Responder named = responderNamed(proxyStatus.name());
        if (!responder.isIntermediary() || Responder.knownResponders().contains(named)) {
          responder = named;
        }
      }
    }

    if (!isFailure(status)) {
      evidence.add(Evidence.of("status", "status " + status + " is not an upstream failure"));
      return new Classification(FailureKind.UNKNOWN, Optional.empty(), responder, evidence);
    }
    if (kind == null && responder.equals(Responder.ORIGIN)) {
      kind = RelayedOrigin.kind(f, evidence);
    }
    if (kind == null) {
      kind = byStatus(sample, status, responder, evidence);
    }
    return new Classification(kind, Optional.ofNullable(phase), responder, evidence);
  }

  private static void addPassedThrough(
      List<Candidate> candidates, Responder responder, List<Evidence> evidence) {
    for (Candidate c : candidates) {
      Responder hop = c.match.responder();
      if (!hop.equals(responder) && c.match.confidence() <= BuiltInSignatures.PRESENCE) {
        for (Evidence e : c.match.evidence()) {
          evidence.add(
              Evidence.of(
                  e.source(),
                  e.detail() + " (" + hop.id() + " on the path passed the response on)"));
        }
      }
    }
  }

  private static ProxyStatusParser.Member proxyStatus(
      ResponseSample sample, List<Evidence> evidence) {
    Optional<String> field = sample.headers().combined("Proxy-Status");
    if (field.isEmpty()) {
      return null;
    }
    Optional<ProxyStatusParser.Member> generator =
        ProxyStatusParser.generator(ProxyStatusParser.parse(field.get()));
    if (generator.isEmpty()) {
      return null;
    }
    ProxyStatusParser.Member m = generator.get();
    evidence.add(
        Evidence.of(
            "proxy-status",
            m.name()
                + "; error="
                + m.error()
                + (m.details().isEmpty() ? "" : "; details=" + m.details())));
    return m;
  }

  /** Maps a Proxy-Status hop name to a responder: a known id, or a user-named one. */
  private static Responder responderNamed(String name) {
    StringBuilder id = new StringBuilder(Math.min(name.length(), 40));
    for (int i = 0; i < name.length() && id.length() < 40; i++) {
      char c = Character.toLowerCase(name.charAt(i));
      if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
        id.append(c);
      } else if (c == ' ' || c == '_' || c == '.') {
        id.append('-');
      }
    }
    if (id.length() == 0) {
      return Responder.UNKNOWN;
    }
    String key = id.toString();
    return Responder.known(key)
        .orElseGet(() -> Responder.of(key, Evidence.of("proxy-status", name).detail()));
  }

  private static boolean isFailure(int status) {
    return status == 429 || status >= 500 && status <= 599;
  }

  private static FailureKind byStatus(
      ResponseSample sample, int status, Responder responder, List<Evidence> evidence) {
    if (status == 429) {
      return FailureKind.RATE_LIMITED;
    }
    if (status == 503 && sample.headers().contains("Retry-After")) {
      evidence.add(
          Evidence.of(
              "header",
              "Retry-After: " + sample.header("Retry-After").orElse("").toLowerCase(Locale.ROOT)));
      return FailureKind.RATE_LIMITED;
    }
    switch (status) {
      case 502:
        return FailureKind.BAD_GATEWAY;
      case 503:
        return FailureKind.SERVICE_UNAVAILABLE;
      case 504:
        return FailureKind.GATEWAY_TIMEOUT;
      default:
        break;
    }
    if (responder.isIntermediary()) {
      return FailureKind.PROXY_INTERNAL_ERROR;
    }
    if (status > 511) {
      evidence.add(Evidence.of("status", "status " + status + " is not a standard server error"));
      return FailureKind.UNKNOWN;
    }
    return FailureKind.ORIGIN_ERROR;
  }
}
