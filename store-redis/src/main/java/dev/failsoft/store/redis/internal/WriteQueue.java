package dev.failsoft.store.redis.internal;

import dev.failsoft.cache.CacheKey;
import dev.failsoft.cache.StoredResponse;
import dev.failsoft.http.Headers;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded queue between callers and the one writer thread: callers only enqueue (a few hundred
 * nanoseconds under a lock held for that long), the writer applies. Writes of one cache key are
 * coalesced: a later put of the same variant replaces the queued one, a remove replaces every
 * queued put of that key. When the queue holds {@code maxKeys} cache keys or {@code maxBytes} of
 * entries, new writes are dropped and counted. While the sink is not ready (no connection, or the
 * breaker open) the writer waits and writes keep coalescing.
 */
public final class WriteQueue implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WriteQueue.class);
  private static final long NOT_READY_WAIT_MILLIS = 50;

  /** One variant to write, with its absolute expiry. */
  public record Put(StoredResponse response, long expiresAtMillis) {}

  /** What the writer applies a cache key's queued writes to. */
  public interface Sink {
    /** Returns true when writes may be sent now (connected, breaker not open). */
    boolean ready();

    /** Applies, in order: a remove of every variant when {@code remove}, then the puts. */
    void apply(CacheKey key, boolean remove, List<Put> puts);
  }

  private static final class Pending {
    boolean remove;
    final Map<Headers, Put> puts = new LinkedHashMap<>();
    long bytes;
  }

  private final int maxKeys;
  private final long maxBytes;
  private final Counters counters;
  private final Sink sink;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final LinkedHashMap<CacheKey, Pending> pending = new LinkedHashMap<>();
  private final Thread writer;
  private long bytes;
  private volatile boolean running = true;
  private volatile long drainUntil;

  public WriteQueue(int maxKeys, long maxBytes, Counters counters, Sink sink, String name) {
    this.maxKeys = maxKeys;
    this.maxBytes = maxBytes;
    this.counters = counters;
    this.sink = sink;
    writer = new Thread(this::run, name);
    writer.setDaemon(true);
    writer.start();
  }

  /** Queues a put; false when dropped because the queue is full. */
  public boolean offer(Put put) {
    StoredResponse response = put.response();
    long weight = response.weight();
    lock.lock();
    try {
      if (!running) {
        counters.writesDropped.increment();
        return false;
      }
      Pending p = pending.get(response.key());
      Put old = p == null ? null : p.puts.get(response.selecting());
      long freed = old == null ? 0 : old.response().weight();
      if ((p == null && pending.size() >= maxKeys) || bytes - freed + weight > maxBytes) {
        counters.writesDropped.increment();
        return false;
      }
      if (p == null) {
        p = new Pending();
        pending.put(response.key(), p);
      }
      p.puts.put(response.selecting(), put);
      p.bytes += weight - freed;
      bytes += weight - freed;
      if (old != null) {
        counters.writesCoalesced.increment();
      }
      counters.writesQueued.increment();
      changed.signalAll();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Queues a remove of every variant of {@code key}; false when dropped. */
  public boolean offerRemove(CacheKey key) {
    lock.lock();
    try {
      Pending p = pending.get(key);
      if (!running || (p == null && pending.size() >= maxKeys)) {
        counters.writesDropped.increment();
        return false;
      }
      if (p == null) {
        p = new Pending();
        pending.put(key, p);
      }
      counters.writesCoalesced.add(p.puts.size());
      p.puts.clear();
      bytes -= p.bytes;
      p.bytes = 0;
      p.remove = true;
      counters.writesQueued.increment();
      changed.signalAll();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Returns the cache keys with writes queued. */
  public int size() {
    lock.lock();
    try {
      return pending.size();
    } finally {
      lock.unlock();
    }
  }

  /** Wakes the writer, for example when the connection came up. */
  public void wake() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    while (true) {
      CacheKey key;
      Pending next;
      lock.lock();
      try {
        while (true) {
          boolean ready = !pending.isEmpty() && sink.ready();
          if (ready && (running || System.nanoTime() - drainUntil < 0)) {
            break;
          }
          if (!running && (pending.isEmpty() || System.nanoTime() - drainUntil >= 0)) {
            return;
          }
          if (pending.isEmpty()) {
            changed.await();
          } else {
            changed.await(NOT_READY_WAIT_MILLIS, TimeUnit.MILLISECONDS);
          }
        }
        Iterator<Map.Entry<CacheKey, Pending>> first = pending.entrySet().iterator();
        Map.Entry<CacheKey, Pending> entry = first.next();
        first.remove();
        key = entry.getKey();
        next = entry.getValue();
        bytes -= next.bytes;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        lock.unlock();
      }
      try {
        sink.apply(key, next.remove, new ArrayList<>(next.puts.values()));
      } catch (RuntimeException e) {
        counters.writeErrors.increment();
        log.warn("Redis store write of {} failed: {}", key, e.toString());
      }
    }
  }

  /** Stops taking writes, lets the writer send what is queued for up to {@code drainMillis}. */
  @Override
  public void close() {
    close(1_000);
  }

  /** Stops taking writes, lets the writer send what is queued for up to {@code drainMillis}. */
  public void close(long drainMillis) {
    lock.lock();
    try {
      drainUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(drainMillis);
      running = false;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      writer.join(drainMillis + 2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (writer.isAlive()) {
      writer.interrupt();
    }
  }
}
