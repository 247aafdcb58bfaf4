package dev.failsoft.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.failsoft.event.FailsoftListener;
import dev.failsoft.policy.CircuitBreaker;
import dev.failsoft.policy.CircuitState;
import dev.failsoft.testing.FaultServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

/**
 * One breaker configuration shared by two clients: each client's breakers report to its own
 * listener.
 */
class SharedBuilderTest {

  private static FailsoftListener recordingInto(List<String> changes) {
    return new FailsoftListener() {
      @Override
      public void onCircuitStateChange(String key, CircuitState from, CircuitState to) {
        changes.add(from + "->" + to);
      }
    };
  }

  @Test
  void eachClientsBreakersReportToItsOwnListener() throws Exception {
    CircuitBreaker.Builder builder = CircuitBreaker.builder().consecutiveGatewayFailures(1);
    CircuitBreaker.Config shared = builder.config();
    List<String> first = new CopyOnWriteArrayList<>();
    List<String> second = new CopyOnWriteArrayList<>();
    OkHttpClient a =
        TestClients.client(
            TestClients.config(new FakeSleeper())
                .circuitBreaker(shared)
                .listener(recordingInto(first))
                .build());
    TestClients.client(
        TestClients.config(new FakeSleeper())
            .circuitBreaker(shared)
            .listener(recordingInto(second))
            .build());
    builder.consecutiveGatewayFailures(1_000);

    Throwable refused =
        catchThrowable(
            () ->
                a.newCall(
                        new Request.Builder()
                            .url("http://127.0.0.1:" + FaultServer.closedPort() + "/")
                            .build())
                    .execute()
                    .close());

    assertThat(refused).isInstanceOf(UpstreamFailureException.class);
    assertThat(first)
        .as("opened after one gateway failure, as configured when it was given")
        .contains("CLOSED->OPEN");
    assertThat(second).isEmpty();
  }
}
