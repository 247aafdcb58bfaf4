package dev.failsoft.benchmarks.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class FlappingOriginTest {
  private final OkHttpClient client =
      new OkHttpClient.Builder()
          .retryOnConnectionFailure(false)
          .readTimeout(Duration.ofMillis(300))
          .build();

  private String get(FlappingOrigin origin, String path) throws IOException {
    try (Response r =
        client
            .newCall(new Request.Builder().url("http://127.0.0.1:" + origin.port() + path).build())
            .execute()) {
      return r.code() + " " + r.header("Cache-Control") + " " + r.body().string();
    }
  }

  @Test
  void healthyOriginNamesTheRequestedPathInTheBody() throws Exception {
    try (FlappingOrigin origin = new FlappingOrigin()) {
      assertThat(get(origin, "/a?x=1"))
          .startsWith("200 max-age=1, stale-if-error=600 page:/a?x=1\n");
      assertThat(get(origin, "/b")).startsWith("200 max-age=1, stale-if-error=600 page:/b\n");
      assertThat(origin.served()).isEqualTo(2);
    }
  }

  @Test
  void refusingClosesThePortAndHealthyReopensTheSamePort() throws Exception {
    try (FlappingOrigin origin = new FlappingOrigin()) {
      origin.mode(FlappingOrigin.Mode.REFUSING);
      assertThatThrownBy(() -> get(origin, "/a")).isInstanceOf(ConnectException.class);
      origin.mode(FlappingOrigin.Mode.HEALTHY);
      assertThat(get(origin, "/a")).startsWith("200 ");
    }
  }

  @Test
  void resettingAndHangingFailTheExchangeAfterTheRequestIsSent() throws Exception {
    try (FlappingOrigin origin = new FlappingOrigin()) {
      origin.mode(FlappingOrigin.Mode.RESETTING);
      assertThatThrownBy(() -> get(origin, "/a")).isInstanceOf(IOException.class);
      origin.mode(FlappingOrigin.Mode.HANGING);
      assertThatThrownBy(() -> get(origin, "/a")).isInstanceOf(SocketTimeoutException.class);
      assertThat(origin.served()).isZero();
    }
  }
}
