package dev.failsoft.cache.internal;

import dev.failsoft.cache.StoredResponse;
import dev.failsoft.http.RequestHead;
import java.util.Optional;

/**
 * The immutable value a store keeps per URL: up to a cap of Vary variants, newest first, each with
 * the ticker time (nanoseconds) at which it must be dropped.
 */
public final class Variants {

  private final StoredResponse[] responses;
  private final long[] deadlines;

  private Variants(StoredResponse[] responses, long[] deadlines) {
    this.responses = responses;
    this.deadlines = deadlines;
  }

  /** Returns a single variant. */
  public static Variants of(StoredResponse response, long deadline) {
    return new Variants(new StoredResponse[] {response}, new long[] {deadline});
  }

  /**
   * Returns these variants with {@code response} first, dropping the variant it replaces (same
   * selecting values), those expired at {@code now}, and the oldest beyond {@code maxVariants}.
   */
  public Variants with(StoredResponse response, long deadline, int maxVariants, long now) {
    StoredResponse[] r = new StoredResponse[Math.min(responses.length + 1, maxVariants)];
    long[] d = new long[r.length];
    r[0] = response;
    d[0] = deadline;
    int n = 1;
    for (int i = 0; i < responses.length && n < r.length; i++) {
      if (deadlines[i] - now > 0 && !responses[i].selecting().equals(response.selecting())) {
        r[n] = responses[i];
        d[n++] = deadlines[i];
      }
    }
    if (n < r.length) {
      r = java.util.Arrays.copyOf(r, n);
      d = java.util.Arrays.copyOf(d, n);
    }
    return new Variants(r, d);
  }

  /** Returns the newest unexpired variant matching {@code request}. */
  public Optional<StoredResponse> find(RequestHead request, long now) {
    for (int i = 0; i < responses.length; i++) {
      if (deadlines[i] - now > 0 && responses[i].matches(request)) {
        return Optional.of(responses[i]);
      }
    }
    return Optional.empty();
  }

  /** Returns the number of variants. */
  public int size() {
    return responses.length;
  }

  /** Returns the latest deadline, in ticker nanoseconds. */
  public long latestDeadline() {
    long latest = deadlines[0];
    for (long deadline : deadlines) {
      if (deadline - latest > 0) {
        latest = deadline;
      }
    }
    return latest;
  }

  /** Returns the summed weight in bytes, at most {@link Integer#MAX_VALUE}. */
  public int weight() {
    long total = 0;
    for (StoredResponse response : responses) {
      total += response.weight();
    }
    return (int) Math.min(Integer.MAX_VALUE, total);
  }
}
