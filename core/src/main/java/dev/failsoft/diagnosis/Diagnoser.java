package dev.failsoft.diagnosis;

import static java.util.Objects.requireNonNull;

import dev.failsoft.diagnosis.internal.Classification;
import dev.failsoft.diagnosis.internal.ExceptionClassifier;
import dev.failsoft.diagnosis.internal.Remedies;
import dev.failsoft.diagnosis.internal.ResponseClassifier;
import dev.failsoft.http.RequestHead;
import dev.failsoft.http.ResponseHead;
import dev.failsoft.http.RetryAfter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns any upstream failure — an exception or a failure response — into a {@link Diagnosis}.
 *
 * <p>Exceptions are classified by walking their cause chain; responses by their status, headers (an
 * upstream {@code Proxy-Status} is trusted over heuristics) and at most the first {@value
 * ResponseSample#MAX_BODY_BYTES} bytes of body, matched against the built-in signatures of the
 * common proxies, load balancers and CDNs plus the user's own {@link SignatureRule}s.
 *
 * <p>Diagnosing never throws for what it is given: unknown, ambiguous or malformed input yields
 * {@link FailureKind#UNKNOWN} from {@link Responder#UNKNOWN} with the evidence seen, never a
 * confident wrong answer. No argument may be null: when the request, the phase or the body is not
 * known, call the overload without it ({@code requireNonNull} names a null argument). Instances are
 * immutable and thread-safe; share one.
 *
 * <pre>{@code
 * Diagnoser diagnoser = Diagnoser.standard();
 * Diagnosis d = diagnoser.diagnose(request, exception, Phase.CONNECT);
 * if (d.retryable()) { ... }
 * log.warn("{}", d.summary());
 * }</pre>
 */
public final class Diagnoser {
  private static final Logger log = LoggerFactory.getLogger(Diagnoser.class);
  private static final Diagnoser STANDARD = new Diagnoser(List.of(), Clock.systemUTC());

  private final List<SignatureRule> userRules;
  private final Clock clock;

  private Diagnoser(List<SignatureRule> userRules, Clock clock) {
    this.userRules = List.copyOf(userRules);
    this.clock = clock;
  }

  /**
   * Returns the diagnoser with only the built-in signatures and the system UTC clock.
   *
   * @return a shared instance
   */
  public static Diagnoser standard() {
    return STANDARD;
  }

  /**
   * Returns a builder for a diagnoser with the user's own rules.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Diagnoses an exception thrown by an exchange whose request and phase are not known; the phase
   * is inferred from the exception ({@link Phase#RESPONSE_HEADERS} when it cannot be), and the
   * verdict is unsafe to retry once the request may have left.
   *
   * @param failure what the client threw
   * @return the diagnosis
   * @throws NullPointerException if {@code failure} is null
   */
  public Diagnosis diagnose(Throwable failure) {
    return diagnoseFailure(null, requireNonNull(failure, "failure"), null);
  }

  /**
   * Diagnoses an exception thrown by an exchange whose phase is not known; the phase is inferred
   * from the exception ({@link Phase#RESPONSE_HEADERS} when it cannot be, the safe assumption that
   * the request was sent).
   *
   * @param request the failed request
   * @param failure what the client threw
   * @return the diagnosis
   * @throws NullPointerException if an argument is null
   */
  public Diagnosis diagnose(RequestHead request, Throwable failure) {
    return diagnoseFailure(
        requireNonNull(request, "request"), requireNonNull(failure, "failure"), null);
  }

  /**
   * Diagnoses an exception thrown by an exchange that had reached {@code phaseReached}; the
   * adapter's tracked phase wins over what the exception suggests.
   *
   * @param request the failed request
   * @param failure what the client threw
   * @param phaseReached the phase the adapter tracked; use {@link #diagnose(RequestHead,
   *     Throwable)} when none was
   * @return the diagnosis
   * @throws NullPointerException if an argument is null
   */
  public Diagnosis diagnose(RequestHead request, Throwable failure, Phase phaseReached) {
    return diagnoseFailure(
        requireNonNull(request, "request"),
        requireNonNull(failure, "failure"),
        requireNonNull(phaseReached, "phaseReached"));
  }

  /**
   * Diagnoses a response to {@code request}, reading at most {@value ResponseSample#MAX_BODY_BYTES}
   * bytes of {@code bodyPrefix}.
   *
   * @param request the request
   * @param response the response head
   * @param bodyPrefix the start of the body, possibly empty
   * @return the diagnosis
   * @throws NullPointerException if an argument is null
   */
  public Diagnosis diagnose(RequestHead request, ResponseHead response, byte[] bodyPrefix) {
    return diagnoseResponse(
        requireNonNull(request, "request"),
        requireNonNull(response, "response"),
        requireNonNull(bodyPrefix, "bodyPrefix"));
  }

  /**
   * Diagnoses a response examined on its own, with the request unknown.
   *
   * @param response the response head
   * @param bodyPrefix the start of the body, possibly empty
   * @return the diagnosis
   * @throws NullPointerException if an argument is null
   */
  public Diagnosis diagnose(ResponseHead response, byte[] bodyPrefix) {
    return diagnoseResponse(
        null, requireNonNull(response, "response"), requireNonNull(bodyPrefix, "bodyPrefix"));
  }

  private Diagnosis diagnoseFailure(
      @Nullable RequestHead request, Throwable failure, @Nullable Phase known) {
    try {
      Classification c = ExceptionClassifier.classify(failure);
      Phase phase = known != null ? known : c.phase().orElse(Phase.RESPONSE_HEADERS);
      if (known != null && c.phase().isPresent() && c.phase().get() != known) {
        // Trust the adapter's tracking, but keep what the exception said for the reader.
        c =
            new Classification(
                c.kind(),
                c.phase(),
                c.responder(),
                append(
                    c.evidence(),
                    Evidence.of(
                        "phase",
                        "tracked "
                            + known.id()
                            + "; the exception suggests "
                            + c.phase().get().id())));
      }
      Diagnosis.Builder b = complete(Diagnosis.builder(c.kind()), c, phase, request);
      if (c.kind() == FailureKind.HTTP_STREAM_RESET && refusedUnprocessed(c)) {
        // RFC 9113 §8.7: REFUSED_STREAM means no part of the request was processed.
        b.retrySafety(RetrySafety.NOT_PROCESSED);
      }
      return b.build();
    } catch (RuntimeException | StackOverflowError e) {
      return internalError(e);
    }
  }

  private static boolean refusedUnprocessed(Classification c) {
    for (Evidence e : c.evidence()) {
      if (e.detail().contains("REFUSED_STREAM")) {
        return true;
      }
    }
    return false;
  }

  private Diagnosis diagnoseResponse(
      @Nullable RequestHead request, ResponseHead response, byte[] body) {
    try {
      ResponseSample sample = ResponseSample.of(response, body);
      Classification c = ResponseClassifier.classify(sample, userRules);
      Phase phase = c.phase().orElse(Phase.RESPONSE_HEADERS);
      Diagnosis.Builder b = Diagnosis.builder(c.kind()).status(response.status());
      RetryAfter.of(response.headers(), clock.instant()).ifPresent(b::retryAfter);
      return complete(b, c, phase, request).build();
    } catch (RuntimeException e) {
      return internalError(e);
    }
  }

  private static Diagnosis.Builder complete(
      Diagnosis.Builder b, Classification c, Phase phase, @Nullable RequestHead request) {
    return b.phase(phase)
        .responder(c.responder())
        .evidence(c.evidence())
        .causes(Remedies.causes(c.kind(), c.responder()))
        .remedies(Remedies.remedies(c.kind(), c.responder()))
        .retrySafety(
            request == null ? RetrySafety.ofUnknownRequest(phase) : RetrySafety.of(request, phase));
  }

  private static Diagnosis unknown(String why) {
    return Diagnosis.builder(FailureKind.UNKNOWN).evidence(Evidence.of("input", why)).build();
  }

  private static Diagnosis internalError(Throwable e) {
    log.warn("Diagnosis failed; reporting the failure as unknown", e);
    return unknown("the diagnoser could not classify this input: " + e);
  }

  private static <T> List<T> append(List<T> list, T item) {
    List<T> copy = new ArrayList<>(list);
    copy.add(item);
    return copy;
  }

  /** Configures a {@link Diagnoser}. Not thread-safe; the diagnoser it builds is. */
  public static final class Builder {
    private final List<SignatureRule> rules = new ArrayList<>();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Adds a signature rule that is consulted with the built-in ones and wins ties.
     *
     * @param rule the rule; it must be thread-safe, since the diagnoser is shared
     * @return this builder
     * @throws NullPointerException if {@code rule} is null
     */
    public Builder rule(SignatureRule rule) {
      rules.add(requireNonNull(rule, "rule"));
      return this;
    }

    /**
     * Adds every {@link SignatureRule} listed in {@code META-INF/services} on the class path of
     * this class's loader.
     *
     * @return this builder
     * @throws java.util.ServiceConfigurationError if a listed rule cannot be loaded
     */
    public Builder loadServiceRules() {
      ServiceLoader.load(SignatureRule.class, Diagnoser.class.getClassLoader()).forEach(rules::add);
      return this;
    }

    /**
     * Sets the clock that turns a Retry-After date into a delay. Default: the system UTC clock.
     *
     * @param clock the clock
     * @return this builder
     * @throws NullPointerException if {@code clock} is null
     */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Returns the diagnoser, with the rules added so far.
     *
     * @return an immutable, thread-safe diagnoser
     */
    public Diagnoser build() {
      return new Diagnoser(rules, clock);
    }
  }
}
