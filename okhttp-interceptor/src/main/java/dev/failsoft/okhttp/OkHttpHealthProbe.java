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

  /** Returns a probe on {@code client} with the {@link #DEFAULT_TIMEOUT}, standard diagnoser. */
  public static OkHttpHealthProbe of(OkHttpClient client) {
    return of(client, DEFAULT_TIMEOUT, Diagnoser.standard());
  }

  /** Returns a probe on {@code client} taking at most {@code timeout} per check. */
  public static OkHttpHealthProbe of(OkHttpClient client, Duration timeout, Diagnoser diagnoser) {
    requireNonNull(client, "client");
    requireNonNull(timeout, "timeout");
    requireNonNull(diagnoser, "diagnoser");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
    }
    return new OkHttpHealthProbe(client, timeout, diagnoser);
  }

  /** Returns true when {@code healthUrl} answered 2xx in time. */
  @Override
  public boolean check(URI healthUrl) {
    return diagnose(healthUrl).isEmpty();
  }

  /**
   * Probes {@code healthUrl} once: empty when healthy, else the diagnosis of what failed (a URL
   * that is not http or https is diagnosed, not thrown).
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
