package dev.failsoft.benchmarks.macro;

import dev.failsoft.benchmarks.Table;
import dev.failsoft.cache.CacheKey;
import dev.failsoft.cache.CaffeineStaleStore;
import dev.failsoft.cache.StoredResponse;
import dev.failsoft.http.Headers;
import dev.failsoft.http.HttpDate;
import dev.failsoft.http.RequestHead;
import dev.failsoft.http.ResponseHead;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Macro 5: the retained heap of the default {@link CaffeineStaleStore} holding 10,000 pages,
 * against the bytes of what it stores (bodies + header names and values), and whether the
 * configured byte cap holds when twice the cap is offered.
 *
 * <p>Retained heap is the used-heap delta around filling the store, each side measured after
 * repeated {@link System#gc()}; the median of several repeats is reported. It includes everything
 * the store keeps per entry: keys, header strings, records and Caffeine's nodes.
 */
public final class MemoryBenchmark {
  static final int ENTRIES = 10_000;
  static final double TARGET = 1.15;

  private MemoryBenchmark() {}

  /** Result of one fill: retained bytes and payload bytes. */
  record Fill(long retained, long payload, long weighted, long cap) {}

  /** Runs the benchmark and prints its table. */
  public static void run(boolean quick, PrintStream out) {
    int repeats = quick ? 3 : 7;
    int bodyBytes = 4096;
    long[] retained = new long[repeats];
    Fill last = null;
    for (int r = 0; r < repeats; r++) {
      last = fill(ENTRIES, bodyBytes, CaffeineStaleStore.DEFAULT_MAXIMUM_BYTES, r);
      retained[r] = last.retained();
    }
    Arrays.sort(retained);
    long median = retained[repeats / 2];
    double ratio = (double) median / last.payload();

    long cap = 8L << 20;
    Fill over = fill((int) (2 * cap / bodyBytes), bodyBytes, cap, 99);

    Table table =
        new Table(
            "Macro 5: memory of the default store (CaffeineStaleStore)",
            "case",
            "entries offered",
            "payload (body + headers)",
            "retained heap",
            "retained / payload",
            "target",
            "verdict");
    table.row(
        "10,000 pages of 4 KiB, default cap (64 MiB)",
        ENTRIES,
        Table.mib(last.payload()),
        Table.mib(median),
        Table.num(ratio, 3),
        "<= " + TARGET,
        Table.verdict(ratio <= TARGET));
    boolean capHeld = over.weighted() <= cap && over.retained() <= cap * TARGET;
    table.row(
        "2x the cap offered, cap 8 MiB",
        (int) (2 * cap / bodyBytes),
        Table.mib(over.payload()),
        Table.mib(over.retained()) + " (store weight " + Table.mib(over.weighted()) + ")",
        Table.num((double) over.retained() / cap, 3) + " of cap",
        "weight <= cap, heap <= 1.15 x cap",
        Table.verdict(capHeld));
    table.note(
        "Retained heap: median of "
            + repeats
            + " fills, used heap after System.gc() minus"
            + " before. Payload counts each body byte and each header name and value byte once.");
    table.print(out);
  }

  /** Fills a fresh store and measures what it retains; every body is a distinct array. */
  static Fill fill(int entries, int bodyBytes, long cap, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Instant now = Instant.parse("2026-11-25T22:00:00Z");
    String date = HttpDate.format(now);
    long before = usedHeapAfterGc();
    CaffeineStaleStore store =
        CaffeineStaleStore.builder().maximumBytes(cap).executor(Runnable::run).build();
    long payload = 0;
    for (int i = 0; i < entries; i++) {
      RequestHead request = RequestHead.get("http://shop.example/product/" + i + "?s=" + seed);
      CacheKey key = CacheKey.of(request).orElseThrow();
      Headers headers =
          Headers.of(
              "Date",
              date,
              "Cache-Control",
              "max-age=60, stale-if-error=86400",
              "Content-Type",
              "text/html; charset=utf-8",
              "ETag",
              "\"" + Long.toHexString(random.nextLong()) + "\"");
      byte[] body = new byte[bodyBytes];
      random.nextBytes(body);
      StoredResponse response =
          StoredResponse.of(key, request, new ResponseHead(200, "OK", headers), body, now, now);
      if (store.put(response, Duration.ofDays(1))) {
        payload += body.length;
        for (Headers.Field f : headers) {
          payload += f.name().length() + f.value().length();
        }
      }
    }
    store.cleanUp();
    long after = usedHeapAfterGc();
    long weighted = store.weightedBytes();
    long urls = store.urlCount();
    // Keep the store reachable until after the measurement.
    if (urls < 0) {
      throw new AssertionError();
    }
    // Payload of what is still stored after eviction, in proportion.
    long kept = store.weightedBytes();
    return new Fill(
        after - before, Math.min(payload, payload * urls / Math.max(1, entries)), kept, cap);
  }

  static long usedHeapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
