package dev.failsoft.okhttp;

import dev.failsoft.okhttp.internal.Sleeper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A time source whose waits advance a fake clock at once and are recorded, never slept. */
final class FakeSleeper implements Sleeper {
  private final AtomicLong offset = new AtomicLong();
  private final List<Duration> parks = new CopyOnWriteArrayList<>();

  @Override
  public long nanoTime() {
    return System.nanoTime() + offset.get();
  }

  @Override
  public void park(long nanos) {
    parks.add(Duration.ofNanos(nanos));
    offset.addAndGet(nanos);
  }

  /** Returns the total time waited. */
  Duration waited() {
    return parks.stream().reduce(Duration.ZERO, Duration::plus);
  }
}
