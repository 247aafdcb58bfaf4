package dev.failsoft.okhttp;

import dev.failsoft.policy.RetryPolicy;
import java.time.Duration;
import okhttp3.OkHttpClient;

/** Clients for tests: short timeouts, Failsoft installed with a fake sleeper. */
final class TestClients {
  private TestClients() {}

  /** Core's policy with {@code n} attempts and no jitter: backoff 100 ms, 200 ms, ... */
  static RetryPolicy attempts(int n) {
    return RetryPolicy.builder().maxAttempts(n).random(() -> 1.0).build();
  }

  static OkHttpConfig.Builder config(FakeSleeper sleeper) {
    return OkHttpConfig.builder().sleeper(sleeper).retryPolicy(attempts(3));
  }

  static OkHttpClient.Builder base() {
    return new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(2))
        .readTimeout(Duration.ofSeconds(5))
        .writeTimeout(Duration.ofSeconds(2));
  }

  static OkHttpClient client(OkHttpConfig config) {
    return Failsoft.okhttp(config).install(base()).build();
  }
}
