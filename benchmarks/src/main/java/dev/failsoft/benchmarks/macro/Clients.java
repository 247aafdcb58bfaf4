package dev.failsoft.benchmarks.macro;

import dev.failsafe.CircuitBreaker;
import dev.failsafe.RetryPolicy;
import dev.failsafe.okhttp.FailsafeCall;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.retry.Retry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.Okio;

/**
 * The HTTP clients compared by the client-side macro benchmarks, each at its documented defaults
 * unless a benchmark says otherwise: bare OkHttp, OkHttp + failsafe-okhttp (retry policy and
 * circuit breaker), OkHttp + Resilience4j (retry and circuit breaker), and OkHttp + Failsoft's
 * interceptor.
 */
final class Clients {
  /** Makes one GET and returns its status, after reading the body in full. */
  interface Get {
    int get(String url) throws IOException;
  }

  /** One contender: a name for the tables and the way it makes a call. */
  record Client(String name, Get call) {
    int get(String url) throws IOException {
      return call.get(url);
    }
  }

  static final String BARE = "bare OkHttp";
  static final String FAILSOFT = "OkHttp + Failsoft (defaults)";
  static final String FAILSAFE = "OkHttp + failsafe-okhttp";
  static final String RESILIENCE4J = "OkHttp + Resilience4j retry + breaker";

  private Clients() {}

  /** OkHttp at its defaults but for 2 s connect and read timeouts and a larger pool. */
  static OkHttpClient okhttp() {
    return new OkHttpClient.Builder()
        .connectionPool(new ConnectionPool(32, 5, TimeUnit.MINUTES))
        .connectTimeout(Duration.ofSeconds(2))
        .readTimeout(Duration.ofSeconds(2))
        .build();
  }

  /** Reads the body to its end, closes the response and returns the status. */
  static int read(Response response) throws IOException {
    try (response) {
      response.body().source().readAll(Okio.blackhole());
      return response.code();
    }
  }

  static Call call(OkHttpClient client, String url) {
    return client.newCall(new Request.Builder().url(url).build());
  }

  static Client bare() {
    OkHttpClient client = okhttp();
    return new Client(BARE, url -> read(call(client, url).execute()));
  }

  /** failsafe-okhttp: {@code RetryPolicy.ofDefaults()} and {@code CircuitBreaker.ofDefaults()}. */
  static Client failsafe() {
    OkHttpClient client = okhttp();
    RetryPolicy<Response> retry = RetryPolicy.ofDefaults();
    CircuitBreaker<Response> breaker = CircuitBreaker.ofDefaults();
    return new Client(
        FAILSAFE,
        url -> read(FailsafeCall.with(retry, breaker).compose(call(client, url)).execute()));
  }

  /** failsafe-okhttp with {@code RetryPolicy.ofDefaults()} alone. */
  static Client failsafeRetryOnly() {
    OkHttpClient client = okhttp();
    RetryPolicy<Response> retry = RetryPolicy.ofDefaults();
    return new Client(
        "OkHttp + failsafe-okhttp, retry only",
        url -> read(FailsafeCall.with(retry).compose(call(client, url)).execute()));
  }

  /** Resilience4j {@code Retry.ofDefaults} inside {@code CircuitBreaker.ofDefaults}. */
  static Client resilience4j() {
    OkHttpClient client = okhttp();
    Retry retry = Retry.ofDefaults("bench");
    io.github.resilience4j.circuitbreaker.CircuitBreaker breaker =
        io.github.resilience4j.circuitbreaker.CircuitBreaker.ofDefaults("bench");
    return new Client(
        RESILIENCE4J,
        url ->
            unchecked(
                io.github.resilience4j.circuitbreaker.CircuitBreaker.decorateCheckedSupplier(
                    breaker,
                    Retry.decorateCheckedSupplier(
                        retry, () -> read(call(client, url).execute())))));
  }

  /** Resilience4j {@code Retry.ofDefaults} alone. */
  static Client resilience4jRetryOnly() {
    OkHttpClient client = okhttp();
    Retry retry = Retry.ofDefaults("bench-retry-only");
    return new Client(
        "OkHttp + Resilience4j, retry only",
        url ->
            unchecked(
                Retry.decorateCheckedSupplier(retry, () -> read(call(client, url).execute()))));
  }

  private static int unchecked(CheckedSupplier<Integer> call) throws IOException {
    try {
      return call.get();
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Throwable e) {
      throw new IOException(e);
    }
  }

  /** Bare OkHttp, Failsoft at its defaults, then the peers. */
  static List<Client> all() {
    List<Client> clients = new ArrayList<>();
    clients.add(bare());
    clients.add(FailsoftClient.defaults());
    clients.add(failsafe());
    clients.add(resilience4j());
    return clients;
  }
}
