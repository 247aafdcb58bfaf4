package dev.failsoft.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class UriMemoTest {
  private final UriMemo memo = new UriMemo();

  @Test
  void answersExactlyWhatParsingTheStringGives() throws Exception {
    String text = "http://127.0.0.1:8080/news/today?page=2";
    URI first = memo.parse(text);

    assertThat(first).isEqualTo(new URI(text));
    assertThat(memo.parse(new String(text.toCharArray()))).isSameAs(first);
  }

  @Test
  void manyUrlsSharingSlotsEachGetTheirOwnUri() throws Exception {
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 5_000; i++) {
        String text = "http://example.com:80/page/" + i;
        assertThat(memo.parse(text).getRawPath()).isEqualTo("/page/" + i);
      }
    }
  }

  @Test
  void neverRemembersAFailure() {
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> memo.parse("http://exa mple.com/"))
          .isInstanceOf(URISyntaxException.class);
    }
  }

  @Test
  void threadsRacingOnOneSlotEachGetTheirOwnUrl() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 20_000; i++) {
                    String path = "/t" + thread + "/" + (i % 3000);
                    if (!memo.parse("http://h:1" + path).getRawPath().equals(path)) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> r : results) {
        assertThat(r.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
