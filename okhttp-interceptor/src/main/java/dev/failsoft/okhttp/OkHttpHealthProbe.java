package dev.failsoft.okhttp;

import static java.util.Objects.requireNonNull;

import dev.failsoft.diagnosis.Diagnoser;
import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.diagnosis.ResponseSample;
import dev.failsoft.http.Headers;
import dev.failsoft.http.RequestHead;
import dev.failsoft.okhttp.internal.Bypass;
import dev.failsoft.okhttp.internal.Heads;
import dev.failsoft.policy.HealthProbe;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The HTTP {@link HealthProbe} for core's {@code HealthMonitor}: one GET of a health URL on the
 * application's own client (same connection pool, TLS and proxy settings), sent straight through
 * Failsoft's interceptor — no retries, no budget, no breaker, no stale copy — so it measures the
 * upstream itself.
 *
 * <p>Healthy means a 2xx answer within the timeout; {@link #diagnose(URI)} says what failed
 * otherwise. Immutable and thread-safe; a check blocks for at most the timeout and never throws.
 */
public final class OkHttpHealthProbe implements HealthProbe {

  /** The default time a probe may take, connect to last byte: 2 s. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  private final OkHttpClient client;
  private final Diagnoser diagnoser;

  private OkHttpHealthProbe(OkHttpClient client, Duration timeout, Diagnoser diagnoser) {
    this.client = client.newBuilder().callTimeout(timeout).build();
    this.diagnoser = diagnoser;
  }

  /**
   * Returns a probe on {@code client} with the {@link #DEFAULT_TIMEOUT} and the standard diagnoser.
   *
   * @param client the application's client, with or without Failsoft installed
   * @return the probe
   * @throws NullPointerException if {@code client} is null
   */
  public static OkHttpHealthProbe of(OkHttpClient client) {
    return of(client, DEFAULT_TIMEOUT, Diagnoser.standard());
  }

  /**
   * Returns a probe on {@code client} taking at most {@code timeout} per check.
   *
   * @param client the application's client, with or without Failsoft installed
   * @param timeout the call timeout of each check, positive
   * @param diagnoser explains failed checks
   * @return the probe
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code timeout} is zero or negative
   */
  public static OkHttpHealthProbe of(OkHttpClient client, Duration timeout, Diagnoser diagnoser) {
    requireNonNull(client, "client");
    requireNonNull(timeout, "timeout");
    requireNonNull(diagnoser, "diagnoser");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
    }
    return new OkHttpHealthProbe(client, timeout, diagnoser);
  }

  /**
   * Probes {@code healthUrl} once.
   *
   * @param healthUrl the URL to GET
   * @return true when it answered 2xx in time
   * @throws NullPointerException if {@code healthUrl} is null
   */
  @Override
  public boolean check(URI healthUrl) {
    return diagnose(healthUrl).isEmpty();
  }

  /**
   * Probes {@code healthUrl} once: empty when healthy, else the diagnosis of what failed (a URL
   * that is not http or https is diagnosed, not thrown).
   *
   * @param healthUrl the URL to GET
   * @return empty when healthy, else the diagnosis
   * @throws NullPointerException if {@code healthUrl} is null
   */
  public Optional<Diagnosis> diagnose(URI healthUrl) {
    requireNonNull(healthUrl, "healthUrl");
    RequestHead head = new RequestHead("GET", healthUrl, Headers.empty());
    try {
      HttpUrl url = HttpUrl.get(healthUrl.toString());
      Request request = new Request.Builder().url(url).tag(Bypass.class, Bypass.TAG).build();
      try (Response response = client.newCall(request).execute()) {
        if (response.isSuccessful()) {
          return Optional.empty();
        }
        byte[] body = response.peekBody(ResponseSample.MAX_BODY_BYTES).bytes();
        return Optional.of(diagnoser.diagnose(head, Heads.response(response), body));
      }
    } catch (IOException | RuntimeException e) {
      return Optional.of(diagnoser.diagnose(head, e));
    }
  }
}
