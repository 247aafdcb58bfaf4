package dev.failsoft.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failsoft.cache.StalePolicy;
import dev.failsoft.testing.FaultServer;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** One line installs Failsoft and keeps what the user configured. */
class InstallTest {

  /** A user's own listener, which must keep receiving its events. */
  static final class Recording extends EventListener {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void callStart(Call call) {
      events.add("callStart");
    }

    @Override
    public void connectStart(Call call, java.net.InetSocketAddress address, java.net.Proxy p) {
      events.add("connectStart");
    }

    @Override
    public void responseHeadersEnd(Call call, Response response) {
      events.add("responseHeadersEnd");
    }

    @Override
    public void callEnd(Call call) {
      events.add("callEnd");
    }
  }

  @Test
  void composesWithTheUsersEventListenerAndLeavesNoStateBehind() throws IOException {
    Recording recording = new Recording();
    FailsoftOkHttp failsoft = Failsoft.okhttp();
    OkHttpClient client = failsoft.install(TestClients.base().eventListener(recording)).build();

    try (FaultServer origin = FaultServer.start();
        Response response =
            client.newCall(new Request.Builder().url(origin.url() + "/").build()).execute()) {
      assertThat(response.body().string()).isEqualTo("hello");
    }

    assertThat(recording.events)
        .containsSubsequence("callStart", "connectStart", "responseHeadersEnd", "callEnd");
    assertThat(failsoft.callsInFlight()).isZero();
  }

  @Test
  void installingTwiceAddsOneInterceptorAndTurnsOffOkHttpsConnectionRetries() {
    FailsoftOkHttp failsoft = Failsoft.okhttp();
    OkHttpClient.Builder builder = TestClients.base();
    failsoft.install(failsoft.install(builder));

    OkHttpClient client = builder.build();
    assertThat(client.interceptors()).containsExactly(failsoft.interceptor());
    assertThat(client.networkInterceptors()).containsExactly(failsoft.networkInterceptor());
    assertThat(client.retryOnConnectionFailure()).isFalse();
  }

  @Test
  void canLeaveOkHttpsConnectionRetriesOn() {
    OkHttpClient client =
        Failsoft.okhttp(OkHttpConfig.builder().keepOkHttpConnectionRetries(true).build())
            .install(TestClients.base())
            .build();
    assertThat(client.retryOnConnectionFailure()).isTrue();
  }

  @Test
  void rejectsBadConfigurationWithMessagesNamingTheValue() {
    assertThatThrownBy(
            () ->
                OkHttpConfig.builder()
                    .staleStore(dev.failsoft.cache.CaffeineStaleStore.builder().build())
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("staleStore was set but staleIfError was not; set both");
    assertThatThrownBy(() -> OkHttpConfig.builder().staleIfError(StalePolicy.shared().build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("privateCache");
    assertThatThrownBy(() -> OkHttpConfig.builder().diagnoser(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("diagnoser");
  }

  @Test
  void withoutThePhaseListenerThePhaseIsInferredFromTheException() throws IOException {
    FailsoftOkHttp failsoft =
        Failsoft.okhttp(OkHttpConfig.builder().retryPolicy(TestClients.attempts(1)).build());
    OkHttpClient bare = TestClients.base().addInterceptor(failsoft.interceptor()).build();
    Request request =
        new Request.Builder().url("http://127.0.0.1:" + FaultServer.closedPort() + "/").build();

    UpstreamFailureException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            UpstreamFailureException.class, () -> bare.newCall(request).execute().close());

    assertThat(e.diagnosis().phase()).isEqualTo(dev.failsoft.diagnosis.Phase.CONNECT);
    assertThat(failsoft.callsInFlight()).isZero();
  }

  @Test
  void responsesThatDidNotPassThroughFailsoftHaveNoDiagnosis() throws IOException {
    OkHttpClient plain = TestClients.base().build();
    try (FaultServer origin = FaultServer.start();
        Response response =
            plain.newCall(new Request.Builder().url(origin.url() + "/").build()).execute()) {
      assertThat(Failsoft.diagnosisOf(response)).isEmpty();
      assertThat(Failsoft.attemptsOf(response)).isEmpty();
    }
  }
}
