package dev.failsoft.okhttp;

import static java.util.Objects.requireNonNull;

import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.okhttp.internal.AttemptHistory;
import dev.failsoft.okhttp.internal.FailureReport;
import java.util.List;
import java.util.Optional;
import okhttp3.Response;

/**
 * Entry points of Failsoft for OkHttp.
 *
 * <pre>{@code
 * OkHttpClient client = Failsoft.okhttp(OkHttpConfig.builder()
 *         .staleIfError(StalePolicy.privateCache().build())
 *         .build())
 *     .install(new OkHttpClient.Builder())
 *     .build();
 * try (Response r = client.newCall(request).execute()) {
 *   Failsoft.diagnosisOf(r).ifPresent(d -> log.info("{}", d.summary()));
 * } catch (UpstreamFailureException e) {
 *   log.warn("{}", e.diagnosis());
 * }
 * }</pre>
 *
 * Stateless and thread-safe.
 */
public final class Failsoft {
  private Failsoft() {}

  /**
   * Returns Failsoft for OkHttp with the default configuration ({@link OkHttpConfig#defaults()}).
   *
   * @return a new instance, with its own per-host breakers and budgets
   */
  public static FailsoftOkHttp okhttp() {
    return okhttp(OkHttpConfig.defaults());
  }

  /**
   * Returns Failsoft for OkHttp configured by {@code config}.
   *
   * @param config the configuration
   * @return a new instance, with its own per-host breakers and budgets
   * @throws NullPointerException if {@code config} is null
   */
  public static FailsoftOkHttp okhttp(OkHttpConfig config) {
    return new FailsoftOkHttp(requireNonNull(config, "config"));
  }

  /**
   * Returns the diagnosis of a failed call's response: the upstream's failure response returned
   * after Failsoft gave up, or the stale copy served in its place. Empty for a response that did
   * not fail (or did not pass through Failsoft).
   *
   * @param response a response returned by a client with Failsoft installed
   * @return the diagnosis, or empty
   * @throws NullPointerException if {@code response} is null
   */
  public static Optional<Diagnosis> diagnosisOf(Response response) {
    requireNonNull(response, "response");
    FailureReport report = FailureReport.of(response.request());
    return report == null ? Optional.empty() : Optional.of(report.diagnosis());
  }

  /**
   * Returns every failed attempt behind {@code response}: those before a retry that succeeded, as
   * well as those of a call that failed.
   *
   * @param response a response returned by a client with Failsoft installed
   * @return the attempts, oldest first, unmodifiable; empty when none failed
   * @throws NullPointerException if {@code response} is null
   */
  public static List<Attempt> attemptsOf(Response response) {
    requireNonNull(response, "response");
    FailureReport report = FailureReport.of(response.request());
    if (report != null) {
      return report.attempts();
    }
    AttemptHistory history = AttemptHistory.of(response.request());
    return history == null ? List.of() : history.attempts();
  }
}
