package dev.failsoft.store.redis;

import static java.util.Objects.requireNonNull;

import dev.failsoft.cache.CacheKey;
import dev.failsoft.cache.StaleStore;
import dev.failsoft.cache.StoredResponse;
import dev.failsoft.http.RequestHead;
import dev.failsoft.store.redis.internal.Breaker;
import dev.failsoft.store.redis.internal.Counters;
import dev.failsoft.store.redis.internal.EntryCodec;
import dev.failsoft.store.redis.internal.KeyNames;
import dev.failsoft.store.redis.internal.Link;
import dev.failsoft.store.redis.internal.Scripts;
import dev.failsoft.store.redis.internal.WriteQueue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A {@link StaleStore} on Redis, so that last good copies outlive the JVM and are shared by every
 * replica. Usually placed behind this JVM's Caffeine store: {@code TieredStaleStore.of(caffeine,
 * redis)}.
 *
 * <p><b>The success path never waits on Redis.</b> {@link #put} and {@link #remove} only queue the
 * write (a bounded queue, coalesced per key and variant, dropped and counted when full) for one
 * writer thread. {@link #peek} answers empty without I/O. {@link #get} and {@link #getAsync} read
 * only when a copy is asked for, with a {@linkplain Builder#readTimeout short timeout} (default
 * {@value #DEFAULT_READ_TIMEOUT_MILLIS} ms) and a {@linkplain Builder#breakerFailures breaker}; a
 * Redis error, a timeout, an open breaker, no connection, or a value that does not authenticate or
 * parse all read as a miss, and each is counted ({@link #stats()}).
 *
 * <p><b>Expiry replicas agree on.</b> Each variant is written with {@code PXAT} at the absolute
 * time {@code now + retention} (the retention core's policy computed: freshness lifetime plus the
 * stale-if-error window, capped by the operator), in a key of its own; a per-URL index of variants
 * (a sorted set scored by expiry) expires at the latest of its variants' times and never earlier
 * ({@code PEXPIREAT NX} then {@code GT}). All keys of one URL share a hash tag, so they sit in one
 * Cluster slot. Entries over {@linkplain Builder#maxEntryBytes the per-entry cap} are not stored;
 * every key starts with the {@linkplain Builder#keyPrefix application's prefix}.
 *
 * <p><b>Integrity.</b> Values are Failsoft's own versioned binary format, with an HMAC-SHA256 over
 * the Redis key name and the value ({@link SigningKeys}, several key ids for rotation). A tampered
 * value, one signed with a key this store does not hold, or one in another format version reads as
 * a miss and is counted. A store without keys is refused unless {@link Builder#unauthenticated()}
 * is called.
 *
 * <p><b>Connections</b> are Lettuce's: {@code redis://}, {@code rediss://} (TLS), user and password
 * (AUTH / ACL), {@code redis-sentinel://}, or a Cluster ({@link Builder#cluster}). The store
 * connects in the background and reconnects by itself; while Redis is away it misses. Lettuce is
 * the application's own (version 6.6 or later, 7.x included).
 *
 * <p>Thread-safe. {@link #close()} stops the writer (sending what is queued for up to a second) and
 * closes the connection.
 */
public final class RedisStaleStore implements StaleStore, AutoCloseable {

  /** Default read timeout: {@value} ms. */
  public static final long DEFAULT_READ_TIMEOUT_MILLIS = 75;

  /** Default timeout of every other command (writes, connection checks): {@value} ms. */
  public static final long DEFAULT_COMMAND_TIMEOUT_MILLIS = 2_000;

  /** Default connect timeout: {@value} ms. */
  public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 2_000;

  /** Default time {@link Builder#build()} waits for the first connection: {@value} ms. */
  public static final long DEFAULT_STARTUP_WAIT_MILLIS = 1_000;

  /** Default key prefix: {@value}. */
  public static final String DEFAULT_KEY_PREFIX = "failsoft:";

  /** Default largest entry, as weighed by {@link StoredResponse#weight()}: {@value} (2 MiB). */
  public static final int DEFAULT_MAX_ENTRY_BYTES = 2 << 20;

  /** Default cap on Vary variants per URL: {@value}. */
  public static final int DEFAULT_MAX_VARIANTS_PER_URL = 8;

  /** Default number of URLs with writes queued: {@value}. */
  public static final int DEFAULT_QUEUE_ENTRIES = 1_024;

  /** Default bytes of entries queued for writing: {@value} (32 MiB). */
  public static final long DEFAULT_QUEUE_BYTES = 32L << 20;

  /** Default failures in a row that open the breaker: {@value}. */
  public static final int DEFAULT_BREAKER_FAILURES = 3;

  /** Default time the breaker stays open before one probe: {@value} ms. */
  public static final long DEFAULT_BREAKER_OPEN_MILLIS = 2_000;

  // A retention beyond this (about 100 years) is stored as this.
  private static final long MAX_RETENTION_MILLIS = 100L * 366 * 24 * 3600 * 1000;

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(RedisStaleStore.class);

  private final Link link;
  private final EntryCodec codec;
  private final String prefix;
  private final long readTimeoutNanos;
  private final long commandTimeoutNanos;
  private final int maxEntryBytes;
  private final byte[] maxVariants;
  private final Clock clock;
  private final Counters counters = new Counters();
  // One breaker per node (Cluster master), so one dead master does not stop reads of the others.
  private final java.util.concurrent.ConcurrentHashMap<String, Breaker> breakers =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final int breakerFailures;
  private final long breakerOpenNanos;
  private final WriteQueue queue;

  private RedisStaleStore(Builder b, EntryCodec codec) {
    this.codec = codec;
    prefix = b.prefix;
    readTimeoutNanos = b.readTimeout.toNanos();
    commandTimeoutNanos = b.commandTimeout.toNanos();
    maxEntryBytes = b.maxEntryBytes;
    maxVariants = ascii(Integer.toString(b.maxVariants));
    clock = b.clock;
    breakerFailures = b.breakerFailures;
    breakerOpenNanos = b.breakerOpen.toNanos();
    queue =
        new WriteQueue(
            b.queueEntries, b.queueBytes, counters, new Writer(), "failsoft-redis-writer");
    Link.Settings settings =
        new Link.Settings(b.commandTimeout, b.connectTimeout, Math.max(1_024, b.queueEntries));
    link =
        b.cluster.isEmpty()
            ? Link.standalone(requireNonNull(b.uri), settings, queue::wake)
            : Link.cluster(b.cluster, settings, queue::wake);
    if (!b.startupWait.isZero()) {
      link.awaitConnected(b.startupWait);
    }
  }

  /**
   * Returns a builder with the defaults above.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Optional<StoredResponse> get(CacheKey key, RequestHead request) {
    // getAsync completes within the read timeout, and never exceptionally.
    return getAsync(key, request).toCompletableFuture().join();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Sends one command (a script that reads the URL's index and its live variants) and never
   * blocks the caller; the stage completes on a Lettuce I/O thread or the JDK's timeout thread,
   * within the read timeout, with empty on any failure.
   */
  @Override
  public CompletionStage<Optional<StoredResponse>> getAsync(CacheKey key, RequestHead request) {
    requireNonNull(key, "key");
    requireNonNull(request, "request");
    KeyNames names = KeyNames.of(prefix, key);
    RedisScriptingAsyncCommands<byte[], byte[]> commands = link.commands();
    Breaker breaker = breaker(names.index());
    if (commands == null || !breaker.allow()) {
      counters.shortCircuited.increment();
      return miss();
    }
    long now = clock.millis();
    counters.reads.increment();
    CompletableFuture<List<Object>> reply;
    try {
      RedisFuture<List<Object>> sent =
          commands.eval(
              Scripts.READ,
              ScriptOutputType.MULTI,
              new byte[][] {names.index()},
              names.variantPrefix(),
              ascii(Long.toString(now)));
      reply = sent.toCompletableFuture();
    } catch (RuntimeException e) {
      reply = CompletableFuture.failedFuture(e);
    }
    return reply
        .orTimeout(readTimeoutNanos, TimeUnit.NANOSECONDS)
        .handle(
            (values, error) -> {
              if (error != null || values == null) {
                readFailed(error, breaker);
                return missed();
              }
              breaker.success();
              return pick(values, names, key, request, now);
            });
  }

  /**
   * Returns empty: this store holds nothing in memory, so it cannot answer without I/O (see {@link
   * StaleStore#peek}).
   */
  @Override
  public Optional<StoredResponse> peek(CacheKey key, RequestHead request) {
    requireNonNull(key, "key");
    requireNonNull(request, "request");
    return Optional.empty();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Only queues the write, to expire at {@code now + retention}; true when queued (a write can
   * still fail later, and is then counted). False for a 5xx response, a retention of zero or less,
   * an entry over the per-entry cap, or a full queue.
   */
  @Override
  public boolean put(StoredResponse response, Duration retention) {
    requireNonNull(response, "response");
    requireNonNull(retention, "retention");
    if (response.status() >= 500 || retention.isNegative() || retention.isZero()) {
      return false;
    }
    if (response.weight() > maxEntryBytes) {
      counters.oversized.increment();
      return false;
    }
    long millis =
        retention.getSeconds() >= MAX_RETENTION_MILLIS / 1000
            ? MAX_RETENTION_MILLIS
            : Math.max(1, retention.toMillis());
    return queue.offer(new WriteQueue.Put(response, clock.millis() + millis));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Only queues the removal, which replaces any write of that URL still queued.
   */
  @Override
  public void remove(CacheKey key) {
    requireNonNull(key, "key");
    queue.offerRemove(key);
  }

  /**
   * Returns a snapshot of the counters.
   *
   * @return the counts since this store was built
   */
  public RedisStoreStats stats() {
    Counters c = counters;
    return new RedisStoreStats(
        c.reads.sum(),
        c.hits.sum(),
        c.misses.sum(),
        c.readErrors.sum(),
        c.readTimeouts.sum(),
        c.shortCircuited.sum(),
        c.tampered.sum(),
        c.foreignKey.sum(),
        c.otherFormat.sum(),
        c.garbage.sum(),
        c.writesQueued.sum(),
        c.writesCoalesced.sum(),
        c.writesDropped.sum(),
        c.written.sum(),
        c.writeErrors.sum(),
        c.oversized.sum(),
        c.breakerOpened.sum());
  }

  /**
   * Returns true while a connection to Redis is open.
   *
   * @return whether reads and writes can be sent now
   */
  public boolean connected() {
    return link.commands() != null;
  }

  /**
   * Returns the number of URLs with writes still queued.
   *
   * @return the queue's length in URLs
   */
  public int queuedWrites() {
    return queue.size();
  }

  /**
   * Stops taking writes, sends what is queued (for up to a second while connected) and closes the
   * connection.
   */
  @Override
  public void close() {
    queue.close();
    link.close();
  }

  private Optional<StoredResponse> pick(
      List<Object> values, KeyNames names, CacheKey key, RequestHead request, long now) {
    StoredResponse best = null;
    for (int i = 0; i + 1 < values.size(); i += 2) {
      if (!(values.get(i) instanceof byte[] id) || !(values.get(i + 1) instanceof byte[] value)) {
        counters.garbage.increment();
        continue;
      }
      EntryCodec.Decoded decoded =
          codec.decode(value, names.variant(new String(id, StandardCharsets.UTF_8)), key);
      StoredResponse response = decoded.response();
      if (decoded.refusal() != null) {
        counters.refused(decoded.refusal());
      } else if (response != null
          && decoded.expiresAtMillis() > now
          && response.matches(request)
          && (best == null || response.responseTime().isAfter(best.responseTime()))) {
        best = response;
      }
    }
    if (best == null) {
      counters.misses.increment();
      return Optional.empty();
    }
    counters.hits.increment();
    return Optional.of(best);
  }

  private Breaker breaker(byte[] redisKey) {
    return breakers.computeIfAbsent(
        link.node(redisKey),
        node ->
            new Breaker(
                breakerFailures,
                breakerOpenNanos,
                System::nanoTime,
                counters.breakerOpened::increment));
  }

  private void readFailed(@Nullable Throwable error, Breaker breaker) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof TimeoutException
        || cause instanceof io.lettuce.core.RedisCommandTimeoutException) {
      counters.readTimeouts.increment();
    } else {
      counters.readErrors.increment();
    }
    breaker.failure();
  }

  private CompletableFuture<Optional<StoredResponse>> miss() {
    return CompletableFuture.completedFuture(missed());
  }

  private Optional<StoredResponse> missed() {
    counters.misses.increment();
    return Optional.empty();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** Applies queued writes on the writer thread, one command at a time. */
  private final class Writer implements WriteQueue.Sink {
    @Override
    public boolean ready() {
      // Wait while every node's breaker is open (all of Redis is away); with only some nodes
      // away, writes to them are dropped and counted instead.
      return link.commands() != null
          && (breakers.isEmpty() || !breakers.values().stream().allMatch(Breaker::isOpen));
    }

    @Override
    public void apply(CacheKey key, boolean remove, List<WriteQueue.Put> puts) {
      KeyNames names = KeyNames.of(prefix, key);
      if (remove) {
        send(Scripts.REMOVE, new byte[][] {names.index()}, names.variantPrefix());
      }
      for (WriteQueue.Put put : puts) {
        long now = clock.millis();
        if (put.expiresAtMillis() <= now) {
          continue;
        }
        String variantId = KeyNames.variantId(put.response().selecting());
        byte[] variantKey = names.variant(variantId);
        byte[] value = codec.encode(put.response(), put.expiresAtMillis(), variantKey);
        if (value.length > maxEntryBytes) {
          counters.oversized.increment();
          continue;
        }
        send(
            Scripts.WRITE,
            new byte[][] {names.index(), variantKey},
            value,
            ascii(Long.toString(put.expiresAtMillis())),
            ascii(variantId),
            ascii(Long.toString(now)),
            maxVariants);
      }
    }

    private void send(String script, byte[][] keys, byte[]... args) {
      RedisScriptingAsyncCommands<byte[], byte[]> commands = link.commands();
      Breaker breaker = breaker(keys[0]);
      if (commands == null || !breaker.allow()) {
        counters.shortCircuited.increment();
        return;
      }
      try {
        RedisFuture<Long> sent = commands.eval(script, ScriptOutputType.INTEGER, keys, args);
        sent.get(commandTimeoutNanos, TimeUnit.NANOSECONDS);
        counters.written.increment();
        breaker.success();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        counters.writeErrors.increment();
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        counters.writeErrors.increment();
        breaker.failure();
        log.debug("Redis store write failed: {}", e.toString());
      }
    }
  }

  /**
   * Builds a {@link RedisStaleStore}. Exactly one of {@link #uri} and {@link #cluster} must be
   * given, and either keys ({@link #keys}, {@link #keyFile}) or {@link #unauthenticated()}. Not
   * thread-safe.
   */
  public static final class Builder {
    private @Nullable RedisURI uri;
    private List<RedisURI> cluster = List.of();
    private @Nullable SigningKeys keys;
    private boolean unauthenticated;
    private String prefix = DEFAULT_KEY_PREFIX;
    private Duration readTimeout = Duration.ofMillis(DEFAULT_READ_TIMEOUT_MILLIS);
    private Duration commandTimeout = Duration.ofMillis(DEFAULT_COMMAND_TIMEOUT_MILLIS);
    private Duration connectTimeout = Duration.ofMillis(DEFAULT_CONNECT_TIMEOUT_MILLIS);
    private Duration startupWait = Duration.ofMillis(DEFAULT_STARTUP_WAIT_MILLIS);
    private int maxEntryBytes = DEFAULT_MAX_ENTRY_BYTES;
    private int maxVariants = DEFAULT_MAX_VARIANTS_PER_URL;
    private int queueEntries = DEFAULT_QUEUE_ENTRIES;
    private long queueBytes = DEFAULT_QUEUE_BYTES;
    private int breakerFailures = DEFAULT_BREAKER_FAILURES;
    private Duration breakerOpen = Duration.ofMillis(DEFAULT_BREAKER_OPEN_MILLIS);
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Connects to the Redis named by a Lettuce URI: {@code
     * redis://[user:password@]host[:port][/db]}, {@code rediss://...} for TLS, or {@code
     * redis-sentinel://host:port[,host:port]/db#master}.
     *
     * @param value the URI
     * @return this builder
     * @throws IllegalArgumentException if Lettuce cannot parse it (the message omits any password)
     * @throws NullPointerException if {@code value} is null
     */
    public Builder uri(String value) {
      requireNonNull(value, "uri");
      try {
        return uri(RedisURI.create(value));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "uri: "
                + dev.failsoft.cache.StaleStores.redact(value)
                + " (expected: redis://HOST:PORT/DB, rediss://..., or redis-sentinel://...)");
      }
    }

    /**
     * Connects to the Redis named by {@code value} (TLS, credentials, Sentinel and timeouts as set
     * on it).
     *
     * @param value the URI
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     */
    public Builder uri(RedisURI value) {
      uri = requireNonNull(value, "uri");
      return this;
    }

    /**
     * Connects to a Redis Cluster through these seed nodes, following its topology.
     *
     * @param seeds one or more nodes of the cluster
     * @return this builder
     * @throws IllegalArgumentException if {@code seeds} is empty
     * @throws NullPointerException if {@code seeds} or an element is null
     */
    public Builder cluster(List<RedisURI> seeds) {
      if (seeds.isEmpty()) {
        throw new IllegalArgumentException("cluster: [] (expected: at least one seed node)");
      }
      cluster = List.copyOf(seeds);
      return this;
    }

    /**
     * Authenticates entries with these keys.
     *
     * @param value the keys
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     */
    public Builder keys(SigningKeys value) {
      keys = requireNonNull(value, "keys");
      return this;
    }

    /**
     * Authenticates entries with the keys in {@code file} (see {@link SigningKeys#read(Path)}).
     *
     * @param file the key file
     * @return this builder
     * @throws IllegalArgumentException if the file cannot be read or is not acceptable
     * @throws NullPointerException if {@code file} is null
     */
    public Builder keyFile(Path file) {
      return keys(SigningKeys.read(file));
    }

    /**
     * Writes and reads entries without a MAC: whoever can write to this Redis can then make every
     * replica serve any page. Only for a Redis nobody else can write to.
     *
     * @return this builder
     */
    public Builder unauthenticated() {
      unauthenticated = true;
      return this;
    }

    /**
     * Sets the prefix of every key, one per application sharing a Redis. Default: {@value
     * #DEFAULT_KEY_PREFIX}.
     *
     * @param value up to 200 characters, without braces (they would pin every key to one Cluster
     *     slot)
     * @return this builder
     * @throws IllegalArgumentException if {@code value} has a brace or is too long
     * @throws NullPointerException if {@code value} is null
     */
    public Builder keyPrefix(String value) {
      requireNonNull(value, "keyPrefix");
      if (value.indexOf('{') >= 0 || value.indexOf('}') >= 0 || value.length() > 200) {
        throw new IllegalArgumentException(
            "keyPrefix: " + value + " (expected: at most 200 characters, no braces)");
      }
      prefix = value;
      return this;
    }

    /**
     * Sets how long a read may take before it counts as a miss. Default: {@value
     * #DEFAULT_READ_TIMEOUT_MILLIS} ms.
     *
     * @param value more than zero
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is zero or negative
     * @throws NullPointerException if {@code value} is null
     */
    public Builder readTimeout(Duration value) {
      readTimeout = positive("readTimeout", value);
      return this;
    }

    /**
     * Sets the timeout of writes and every other command. Default: {@value
     * #DEFAULT_COMMAND_TIMEOUT_MILLIS} ms.
     *
     * @param value more than zero
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is zero or negative
     * @throws NullPointerException if {@code value} is null
     */
    public Builder commandTimeout(Duration value) {
      commandTimeout = positive("commandTimeout", value);
      return this;
    }

    /**
     * Sets the connect timeout. Default: {@value #DEFAULT_CONNECT_TIMEOUT_MILLIS} ms.
     *
     * @param value more than zero
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is zero or negative
     * @throws NullPointerException if {@code value} is null
     */
    public Builder connectTimeout(Duration value) {
      connectTimeout = positive("connectTimeout", value);
      return this;
    }

    /**
     * Sets how long {@link #build()} waits for the first connection; the store is usable either way
     * and keeps connecting in the background. Default: {@value #DEFAULT_STARTUP_WAIT_MILLIS} ms.
     *
     * @param value zero or more
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is negative
     * @throws NullPointerException if {@code value} is null
     */
    public Builder startupWait(Duration value) {
      requireNonNull(value, "startupWait");
      if (value.isNegative()) {
        throw new IllegalArgumentException("startupWait: " + value + " (expected: >= 0)");
      }
      startupWait = value;
      return this;
    }

    /**
     * Sets the largest entry stored, as weighed by {@link StoredResponse#weight()} and as encoded.
     * Default: {@value #DEFAULT_MAX_ENTRY_BYTES}.
     *
     * @param bytes more than 0
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is 0 or less
     */
    public Builder maxEntryBytes(int bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxEntryBytes: " + bytes + " (expected: > 0)");
      }
      maxEntryBytes = bytes;
      return this;
    }

    /**
     * Sets the Vary variants kept per URL; those expiring first go first. Default: {@value
     * #DEFAULT_MAX_VARIANTS_PER_URL}.
     *
     * @param count more than 0
     * @return this builder
     * @throws IllegalArgumentException if {@code count} is 0 or less
     */
    public Builder maxVariantsPerUrl(int count) {
      if (count <= 0) {
        throw new IllegalArgumentException("maxVariantsPerUrl: " + count + " (expected: > 0)");
      }
      maxVariants = count;
      return this;
    }

    /**
     * Sets how many URLs may have writes queued; further writes are dropped and counted. Default:
     * {@value #DEFAULT_QUEUE_ENTRIES}.
     *
     * @param count more than 0
     * @return this builder
     * @throws IllegalArgumentException if {@code count} is 0 or less
     */
    public Builder queueEntries(int count) {
      if (count <= 0) {
        throw new IllegalArgumentException("queueEntries: " + count + " (expected: > 0)");
      }
      queueEntries = count;
      return this;
    }

    /**
     * Sets the bytes of entries that may be queued; further writes are dropped and counted.
     * Default: {@value #DEFAULT_QUEUE_BYTES}.
     *
     * @param bytes more than 0
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is 0 or less
     */
    public Builder queueBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("queueBytes: " + bytes + " (expected: > 0)");
      }
      queueBytes = bytes;
      return this;
    }

    /**
     * Sets the failures (errors and timeouts) in a row that open the breaker. Default: {@value
     * #DEFAULT_BREAKER_FAILURES}.
     *
     * @param count more than 0
     * @return this builder
     * @throws IllegalArgumentException if {@code count} is 0 or less
     */
    public Builder breakerFailures(int count) {
      if (count <= 0) {
        throw new IllegalArgumentException("breakerFailures: " + count + " (expected: > 0)");
      }
      breakerFailures = count;
      return this;
    }

    /**
     * Sets how long the breaker stays open before one probe. Default: {@value
     * #DEFAULT_BREAKER_OPEN_MILLIS} ms.
     *
     * @param value more than zero
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is zero or negative
     * @throws NullPointerException if {@code value} is null
     */
    public Builder breakerOpen(Duration value) {
      breakerOpen = positive("breakerOpen", value);
      return this;
    }

    /**
     * Sets the clock for expiry times. Default: {@link Clock#systemUTC()}.
     *
     * @param value the clock
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     */
    public Builder clock(Clock value) {
      clock = requireNonNull(value, "clock");
      return this;
    }

    /**
     * Returns the store, connecting in the background (waiting up to {@link #startupWait}).
     *
     * @return a thread-safe store; close it when done
     * @throws IllegalStateException if no or two connection targets were given, or neither keys nor
     *     {@link #unauthenticated()} (or both)
     */
    public RedisStaleStore build() {
      if ((uri == null) == cluster.isEmpty()) {
        throw new IllegalStateException(
            "uri: "
                + (uri == null ? "none" : "given with cluster")
                + " (expected: exactly one of uri(...) and cluster(...))");
      }
      SigningKeys k = keys;
      if (k == null && !unauthenticated) {
        throw new IllegalStateException(
            "keys: none (expected: keys(...) or keyFile(...); or unauthenticated() to accept"
                + " entries anyone who can write to Redis could forge)");
      }
      if (k != null && unauthenticated) {
        throw new IllegalStateException(
            "keys: given with unauthenticated() (expected: one of them)");
      }
      EntryCodec codec =
          k == null ? new EntryCodec(null, Map.of()) : new EntryCodec(k.signingId(), keyMap(k));
      return new RedisStaleStore(this, codec);
    }

    private static Map<String, byte[]> keyMap(SigningKeys k) {
      Map<String, byte[]> map = new HashMap<>();
      for (String id : k.ids()) {
        map.put(id, k.key(id).orElseThrow());
      }
      return map;
    }

    private static Duration positive(String name, Duration value) {
      requireNonNull(value, name);
      if (value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
      }
      return value;
    }
  }
}
