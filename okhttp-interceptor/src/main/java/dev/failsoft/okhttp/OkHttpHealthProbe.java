package dev.failsoft.okhttp;

import static java.util.Objects.requireNonNull;

import dev.failsoft.diagnosis.Diagnoser;
import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.diagnosis.ResponseSample;
import dev.failsoft.http.Headers;
import dev.failsoft.http.RequestHead;
import dev.failsoft.okhttp.internal.Bypass;
import dev.failsoft.okhttp.internal.Heads;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * An active health check over HTTP: one GET of a health URL on the application's own client
 * (same connection pool, TLS and proxy settings), sent straight through Failsoft's interceptor —
 * no retries, no budget, no breaker, no stale copy — so it measures the upstream itself.
 *
 * <p>Healthy means a 2xx or 3xx answer within the timeout; anything else yields the failure's
 * {@link Diagnosis}. Immutable and thread-safe; {@link #check()} blocks for at most the timeout.
 */
public final class OkHttpHealthProbe {

  /** The default time a probe may take, connect to last byte: 2 s. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  private final OkHttpClient client;
  private final HttpUrl url;
  private final Diagnoser diagnoser;
  private final RequestHead head;

  private OkHttpHealthProbe(OkHttpClient client, HttpUrl url, Duration timeout,
      Diagnoser diagnoser) {
    this.client = client.newBuilder().callTimeout(timeout).build();
    this.url = url;
    this.diagnoser = diagnoser;
    this.head = new RequestHead("GET", url.uri(), Headers.empty());
  }

  /**
   * Returns a probe of {@code url} on {@code client} with the {@link #DEFAULT_TIMEOUT} and the
   * standard diagnoser.
   */
  public static OkHttpHealthProbe of(OkHttpClient client, HttpUrl url) {
    return of(client, url, DEFAULT_TIMEOUT, Diagnoser.standard());
  }

  /** Returns a probe of {@code url} on {@code client}, taking at most {@code timeout}. */
  public static OkHttpHealthProbe of(OkHttpClient client, HttpUrl url, Duration timeout,
      Diagnoser diagnoser) {
    requireNonNull(client, "client");
    requireNonNull(url, "url");
    requireNonNull(timeout, "timeout");
    requireNonNull(diagnoser, "diagnoser");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
    }
    return new OkHttpHealthProbe(client, url, timeout, diagnoser);
  }

  /** Returns the URL probed. */
  public HttpUrl url() {
    return url;
  }

  /** Probes once; empty when healthy, else the diagnosis of what failed. Never throws. */
  public Optional<Diagnosis> check() {
    Request request = new Request.Builder().url(url).tag(Bypass.class, Bypass.TAG).build();
    try (Response response = client.newCall(request).execute()) {
      if (response.code() < 400) {
        return Optional.empty();
      }
      byte[] body = response.peekBody(ResponseSample.MAX_BODY_BYTES).bytes();
      return Optional.of(diagnoser.diagnose(head, Heads.response(response), body));
    } catch (IOException | RuntimeException e) {
      return Optional.of(diagnoser.diagnose(head, e));
    }
  }
}
