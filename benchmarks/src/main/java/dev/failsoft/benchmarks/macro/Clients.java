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
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The HTTP clients compared by the client-side macro benchmarks, each at its documented defaults
 * unless a benchmark says otherwise: bare OkHttp, OkHttp + failsafe-okhttp (retry policy and
 * circuit breaker), OkHttp + Resilience4j (retry and circuit breaker), and OkHttp + Failsoft when
 * its interceptor is on the classpath.
 */
final class Clients {
  /** One way of making a call; returns the status after reading the body in full. */
  interface Client {
    String name();

    int get(String url) throws IOException;
  }

  static final String BARE = "bare OkHttp";
  static final String FAILSOFT = "OkHttp + Failsoft";
  static final String FAILSAFE = "OkHttp + failsafe-okhttp";
  static final String RESILIENCE4J = "OkHttp + Resilience4j retry + breaker";

  private Clients() {}

  static OkHttpClient okhttp() {
    return new OkHttpClient.Builder()
        .connectionPool(new ConnectionPool(32, 5, java.util.concurrent.TimeUnit.MINUTES))
        .connectTimeout(Duration.ofSeconds(2))
        .readTimeout(Duration.ofSeconds(2))
        .build();
  }

  static int read(Response response) throws IOException {
    try (response) {
      response.body().source().skip(Long.MAX_VALUE);
      return response.code();
    } catch (java.io.EOFException e) {
      return response.code();
    }
  }

  static Client bare() {
    OkHttpClient client = okhttp();
    return new Client() {
      @Override
      public String name() {
        return BARE;
      }

      @Override
      public int get(String url) throws IOException {
        return read(client.newCall(new Request.Builder().url(url).build()).execute());
      }
    };
  }

  /** failsafe-okhttp with {@code RetryPolicy.ofDefaults()} and {@code CircuitBreaker.ofDefaults()}. */
  static Client failsafe() {
    OkHttpClient client = okhttp();
    RetryPolicy<Response> retry = RetryPolicy.ofDefaults();
    CircuitBreaker<Response> breaker = CircuitBreaker.ofDefaults();
    return new Client() {
      @Override
      public String name() {
        return FAILSAFE;
      }

      @Override
      public int get(String url) throws IOException {
        return read(FailsafeCall.with(retry, breaker)
            .compose(client.newCall(new Request.Builder().url(url).build())).execute());
      }
    };
  }

  /** Resilience4j {@code Retry.ofDefaults} inside {@code CircuitBreaker.ofDefaults}. */
  static Client resilience4j() {
    OkHttpClient client = okhttp();
    Retry retry = Retry.ofDefaults("bench");
    io.github.resilience4j.circuitbreaker.CircuitBreaker breaker =
        io.github.resilience4j.circuitbreaker.CircuitBreaker.ofDefaults("bench");
    return new Client() {
      @Override
      public String name() {
        return RESILIENCE4J;
      }

      @Override
      public int get(String url) throws IOException {
        CheckedSupplier<Integer> call = io.github.resilience4j.circuitbreaker.CircuitBreaker
            .decorateCheckedSupplier(breaker, Retry.decorateCheckedSupplier(retry,
                () -> read(client.newCall(new Request.Builder().url(url).build()).execute())));
        return unchecked(call);
      }
    };
  }

  /** failsafe-okhttp with {@code RetryPolicy.ofDefaults()} alone. */
  static Client failsafeRetryOnly() {
    OkHttpClient client = okhttp();
    RetryPolicy<Response> retry = RetryPolicy.ofDefaults();
    return new Client() {
      @Override
      public String name() {
        return "OkHttp + failsafe-okhttp, retry only";
      }

      @Override
      public int get(String url) throws IOException {
        return read(FailsafeCall.with(retry)
            .compose(client.newCall(new Request.Builder().url(url).build())).execute());
      }
    };
  }

  /** Resilience4j {@code Retry.ofDefaults} alone. */
  static Client resilience4jRetryOnly() {
    OkHttpClient client = okhttp();
    Retry retry = Retry.ofDefaults("bench-retry-only");
    return new Client() {
      @Override
      public String name() {
        return "OkHttp + Resilience4j, retry only";
      }

      @Override
      public int get(String url) throws IOException {
        CheckedSupplier<Integer> call = Retry.decorateCheckedSupplier(retry,
            () -> read(client.newCall(new Request.Builder().url(url).build()).execute()));
        return unchecked(call);
      }
    };
  }

  static int unchecked(CheckedSupplier<Integer> call) throws IOException {
    try {
      return call.get();
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Throwable e) {
      throw new IOException(e);
    }
  }

  /** The peers, and Failsoft first when its OkHttp interceptor is present. */
  static List<Client> all() {
    List<Client> clients = new ArrayList<>();
    clients.add(bare());
    FailsoftClient.create().ifPresent(clients::add);
    clients.add(failsafe());
    clients.add(resilience4j());
    return clients;
  }
}
