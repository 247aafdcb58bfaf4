package dev.failsoft.okhttp;

import dev.failsoft.okhttp.internal.Sleeper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A time source that only moves when waited on: waits advance it at once and are recorded, never
 * slept.
 */
final class FakeSleeper implements Sleeper {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final List<Duration> parks = new CopyOnWriteArrayList<>();

  @Override
  public long nanoTime() {
    return now.get();
  }

  @Override
  public void park(long nanos) {
    parks.add(Duration.ofNanos(nanos));
    now.addAndGet(nanos);
  }

  /** Returns the total time waited. */
  Duration waited() {
    return parks.stream().reduce(Duration.ZERO, Duration::plus);
  }
}
