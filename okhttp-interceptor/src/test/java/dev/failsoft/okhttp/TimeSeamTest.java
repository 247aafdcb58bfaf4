package dev.failsoft.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.failsoft.policy.CircuitBreaker;
import dev.failsoft.policy.RetryBudget;
import dev.failsoft.policy.RetryDecision;
import dev.failsoft.testing.FaultServer;
import dev.failsoft.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

/** The configuration's one time source moves every timer of the client: breakers and budgets. */
class TimeSeamTest {

  private static UpstreamFailureException fail(OkHttpClient client, int port) {
    return catchThrowableOfType(
        UpstreamFailureException.class,
        () ->
            client
                .newCall(new Request.Builder().url("http://127.0.0.1:" + port + "/").build())
                .execute()
                .close());
  }

  @Test
  void aFakeClockMovesTheHostsBreakerOutOfItsOpenTime() throws Exception {
    int port = FaultServer.closedPort();
    MutableClock clock = new MutableClock(Instant.parse("2026-12-03T08:00:00Z"));
    OkHttpClient client =
        TestClients.client(
            OkHttpConfig.builder()
                .clock(clock)
                .retryPolicy(TestClients.attempts(1))
                .circuitBreaker(CircuitBreaker.builder().consecutiveGatewayFailures(1).config())
                .build());

    assertThat(fail(client, port).attempts()).hasSize(1);
    // Open: the next call is refused without an attempt.
    assertThat(fail(client, port).attempts()).isEmpty();
    clock.advance(Duration.ofSeconds(CircuitBreaker.DEFAULT_OPEN_DURATION_SECONDS));
    // The open time has passed on the configuration's clock: a probe goes to the upstream again.
    assertThat(fail(client, port).attempts()).hasSize(1);
  }

  @Test
  void aFakeTickerRefillsTheHostsRetryBudget() throws Exception {
    int port = FaultServer.closedPort();
    FakeSleeper sleeper = new FakeSleeper();
    // One retry per 10 s window, whatever the traffic.
    RetryBudget.Config oneRetry = RetryBudget.builder().ratio(0).minRetriesPerSecond(0.1).config();
    OkHttpClient client =
        TestClients.client(
            TestClients.config(sleeper)
                .retryBudget(oneRetry)
                .circuitBreaker(CircuitBreaker.builder().consecutiveGatewayFailures(1_000).config())
                .build());

    UpstreamFailureException first = fail(client, port);
    assertThat(first.attempts()).hasSize(2);
    assertThat(first.attempts().get(1).decision().reason())
        .isEqualTo(RetryDecision.Reason.BUDGET_EXHAUSTED);
    assertThat(fail(client, port).attempts()).hasSize(1);

    sleeper.park(Duration.ofSeconds(11).toNanos());
    assertThat(fail(client, port).attempts()).hasSize(2);
  }
}
