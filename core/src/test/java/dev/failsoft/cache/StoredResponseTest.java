package dev.failsoft.cache;

import static dev.failsoft.cache.Fixtures.T0;
import static dev.failsoft.cache.Fixtures.date;
import static dev.failsoft.cache.Fixtures.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.http.Headers;
import dev.failsoft.http.ResponseHead;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class StoredResponseTest {

  private static StoredResponse stored(String body) {
    return StoredResponse.of(
        CacheKey.of(get()).orElseThrow(),
        get(),
        ResponseHead.of(200, Headers.of("Cache-Control", "max-age=60", "Date", date(T0))),
        body.getBytes(StandardCharsets.UTF_8),
        T0,
        T0);
  }

  @Test
  void isEqualByValueLikeARecord() {
    assertThat(stored("page")).isEqualTo(stored("page")).hasSameHashCodeAs(stored("page"));
    assertThat(stored("page")).isNotEqualTo(stored("other"));
    assertThat(stored("page").toString()).startsWith("StoredResponse[key=").contains("4 bytes");
  }

  @Test
  void parsesItsDirectivesAndDateOnceAndTheSameForEveryThread() throws Exception {
    StoredResponse s = stored("page");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<StoredResponse.Parsed>> seen = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        seen.add(pool.submit(s::parsed));
      }
      for (Future<StoredResponse.Parsed> f : seen) {
        assertThat(f.get().directives().maxAge).isEqualTo(60);
        assertThat(f.get().date()).contains(T0);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(s.parsed()).isSameAs(s.parsed());
  }

  @Test
  void aBodyBufferChangedByTheCallerAfterACopyingFactoryStaysAsStored() {
    byte[] bytes = "page".getBytes(StandardCharsets.UTF_8);
    StoredResponse s =
        StoredResponse.of(
            CacheKey.of(get()).orElseThrow(),
            get(),
            ResponseHead.of(200, Headers.empty()),
            bytes,
            T0,
            T0);
    bytes[0] = 'X';
    assertThat(s.body()).isEqualTo(ByteBuffer.wrap("page".getBytes(StandardCharsets.UTF_8)));
  }
}
