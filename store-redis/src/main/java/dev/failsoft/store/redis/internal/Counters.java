package dev.failsoft.store.redis.internal;

import java.util.concurrent.atomic.LongAdder;

/** The store's counters, incremented from any thread. */
public final class Counters {
  public final LongAdder reads = new LongAdder();
  public final LongAdder hits = new LongAdder();
  public final LongAdder misses = new LongAdder();
  public final LongAdder readErrors = new LongAdder();
  public final LongAdder readTimeouts = new LongAdder();
  public final LongAdder shortCircuited = new LongAdder();
  public final LongAdder tampered = new LongAdder();
  public final LongAdder foreignKey = new LongAdder();
  public final LongAdder otherFormat = new LongAdder();
  public final LongAdder garbage = new LongAdder();
  public final LongAdder writesQueued = new LongAdder();
  public final LongAdder writesCoalesced = new LongAdder();
  public final LongAdder writesDropped = new LongAdder();
  public final LongAdder written = new LongAdder();
  public final LongAdder writeErrors = new LongAdder();
  public final LongAdder oversized = new LongAdder();
  public final LongAdder breakerOpened = new LongAdder();

  /** Counts a value {@link EntryCodec} refused. */
  public void refused(EntryCodec.Refusal refusal) {
    switch (refusal) {
      case TAMPERED -> tampered.increment();
      case FOREIGN_KEY -> foreignKey.increment();
      case OTHER_FORMAT -> otherFormat.increment();
      case GARBAGE -> garbage.increment();
    }
  }
}
