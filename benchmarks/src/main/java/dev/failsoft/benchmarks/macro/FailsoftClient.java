package dev.failsoft.benchmarks.macro;

import dev.failsoft.okhttp.Failsoft;
import dev.failsoft.okhttp.OkHttpConfig;
import dev.failsoft.policy.CircuitBreaker;
import okhttp3.OkHttpClient;

/** OkHttp + Failsoft's interceptor, installed with {@code Failsoft.okhttp(config).install(...)}. */
final class FailsoftClient {
  static final String BUDGET_ONLY = "OkHttp + Failsoft, budget on, breaker never trips";

  private FailsoftClient() {}

  /** At its defaults: retry policy, per-host retry budget and circuit breaker. */
  static Clients.Client defaults() {
    return client(Clients.FAILSOFT, OkHttpConfig.defaults());
  }

  /**
   * At its defaults but for a breaker that cannot trip within a benchmark (10,000 calls), so that
   * the retry budget alone limits the attempts.
   */
  static Clients.Client budgetOnly() {
    return client(
        BUDGET_ONLY,
        OkHttpConfig.builder()
            .circuitBreaker(
                CircuitBreaker.builder()
                    .windowSize(10_000)
                    .minimumCalls(10_000)
                    .consecutiveGatewayFailures(10_000)
                    .config())
            .build());
  }

  private static Clients.Client client(String name, OkHttpConfig config) {
    OkHttpClient client = Failsoft.okhttp(config).install(Clients.okhttp().newBuilder()).build();
    return new Clients.Client(name, url -> Clients.read(Clients.call(client, url).execute()));
  }
}
