package dev.failsoft.okhttp;

import java.time.Duration;
import okhttp3.OkHttpClient;

/** Clients for tests: short timeouts, Failsoft installed with a fake sleeper. */
final class TestClients {
  private TestClients() {}

  static OkHttpConfig.Builder config(FakeSleeper sleeper) {
    return OkHttpConfig.builder().sleeper(sleeper);
  }

  static OkHttpClient.Builder base() {
    return new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(2))
        .readTimeout(Duration.ofSeconds(2))
        .writeTimeout(Duration.ofSeconds(2));
  }

  static OkHttpClient client(OkHttpConfig config) {
    return Failsoft.okhttp(config).install(base()).build();
  }
}
