package dev.failsoft.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SingleFlightTest {

  @Test
  void onlyOneLeasePerKeyUntilClosed() {
    SingleFlight<String> flight = new SingleFlight<>();
    Optional<SingleFlight<String>.Lease> first = flight.tryAcquire("k");
    assertThat(first).isPresent();
    assertThat(flight.tryAcquire("k")).isEmpty();
    assertThat(flight.tryAcquire("other")).isPresent();
    assertThat(flight.isInFlight("k")).isTrue();
    first.get().close();
    first.get().close();
    assertThat(flight.isInFlight("k")).isFalse();
    assertThat(flight.tryAcquire("k")).isPresent();
  }

  @Test
  void concurrentCallersCollapseOntoOneCall() throws Exception {
    SingleFlight<String> flight = new SingleFlight<>();
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<String> upstream = new CompletableFuture<>();
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<CompletableFuture<String>>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return flight.collapse(
                      "k",
                      () -> {
                        calls.incrementAndGet();
                        return upstream;
                      });
                }));
      }
      start.countDown();
      List<CompletableFuture<String>> futures = new ArrayList<>();
      for (Future<CompletableFuture<String>> r : results) {
        futures.add(r.get(10, TimeUnit.SECONDS));
      }
      upstream.complete("page");
      for (CompletableFuture<String> f : futures) {
        assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("page");
      }
      assertThat(calls.get()).isEqualTo(1);
      assertThat(flight.size()).isZero();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFailingCallReleasesTheKey() {
    SingleFlight<String> flight = new SingleFlight<>();
    CompletableFuture<String> failed =
        flight.collapse(
            "k",
            () -> {
              throw new IllegalStateException("boom");
            });
    assertThat(failed).isCompletedExceptionally();
    assertThat(flight.isInFlight("k")).isFalse();
    CompletableFuture<String> nulled = flight.collapse("k", () -> null);
    assertThat(nulled).isCompletedExceptionally();
    assertThat(flight.isInFlight("k")).isFalse();
  }

  @Test
  void exactlyOneOfManyConcurrentCallersGetsTheLease() throws Exception {
    SingleFlight<String> flight = new SingleFlight<>();
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger winners = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  flight.tryAcquire("k").ifPresent(lease -> winners.incrementAndGet());
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(winners.get()).isEqualTo(1);
  }
}
