package dev.failsoft.store.redis.internal;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's one Lettuce connection (standalone, Sentinel or Cluster). It connects in the
 * background and, when the first connect fails (Redis down at start), retries with backoff; once
 * connected, Lettuce reconnects by itself. Commands are only handed out while the connection is
 * open, so a caller never queues work behind a dead socket; Lettuce's command timeout bounds every
 * command, and commands issued while disconnected are rejected at once.
 */
public final class Link implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Link.class);
  private static final long MIN_RETRY_MILLIS = 250;
  private static final long MAX_RETRY_MILLIS = 10_000;

  /** Connection settings shared by the standalone and cluster clients. */
  public record Settings(Duration commandTimeout, Duration connectTimeout, int requestQueueSize) {

    /**
     * Reconnect by itself, reject commands while disconnected (a read then misses at once instead
     * of queueing), bound every command by the timeout.
     */
    void applyTo(ClientOptions.Builder options) {
      options
          .autoReconnect(true)
          .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
          .requestQueueSize(requestQueueSize)
          .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).build())
          .timeoutOptions(TimeoutOptions.enabled(commandTimeout));
    }
  }

  private final AbstractRedisClient client;
  private final Supplier<CompletionStage<? extends StatefulConnection<byte[], byte[]>>> connector;
  private final String description;
  private final ScheduledExecutorService retries;
  private final CountDownLatch firstConnect = new CountDownLatch(1);
  private final Runnable onConnect;
  private volatile @Nullable StatefulConnection<byte[], byte[]> connection;
  private volatile @Nullable RedisScriptingAsyncCommands<byte[], byte[]> commands;
  private volatile boolean closed;
  private long retryMillis = MIN_RETRY_MILLIS;
  private boolean warned;

  private Link(
      AbstractRedisClient client,
      Supplier<CompletionStage<? extends StatefulConnection<byte[], byte[]>>> connector,
      String description,
      Runnable onConnect) {
    this.client = client;
    this.connector = connector;
    this.description = description;
    this.onConnect = onConnect;
    retries =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "failsoft-redis-connect");
              t.setDaemon(true);
              return t;
            });
    retries.execute(this::connect);
  }

  /** Connects to one Redis (or a Sentinel-managed one) named by {@code uri}. */
  public static Link standalone(RedisURI uri, Settings settings, Runnable onConnect) {
    RedisClient client = RedisClient.create();
    ClientOptions.Builder options = ClientOptions.builder();
    settings.applyTo(options);
    client.setOptions(options.build());
    return new Link(
        client,
        () -> client.connectAsync(ByteArrayCodec.INSTANCE, uri).thenApply(c -> c),
        describe(uri),
        onConnect);
  }

  /** Connects to a Redis Cluster through {@code seeds}, following its topology as it changes. */
  public static Link cluster(List<RedisURI> seeds, Settings settings, Runnable onConnect) {
    RedisClusterClient client = RedisClusterClient.create(seeds);
    ClusterClientOptions.Builder options = ClusterClientOptions.builder();
    settings.applyTo(options);
    // Lettuce opens the connection to each node on first use: a command must wait for it rather
    // than be rejected. Reads stay bounded by the read timeout, writes by the command timeout.
    options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS);
    options.topologyRefreshOptions(
        ClusterTopologyRefreshOptions.builder()
            .enablePeriodicRefresh(Duration.ofSeconds(30))
            .enableAllAdaptiveRefreshTriggers()
            .build());
    client.setOptions(options.build());
    return new Link(
        client,
        // The topology first: connectAsync needs it (and getPartitions() would block).
        () ->
            client
                .refreshPartitionsAsync()
                .thenCompose(loaded -> client.connectAsync(ByteArrayCodec.INSTANCE))
                .thenCompose(Link::warmUp),
        "cluster " + seeds.stream().map(Link::describe).toList(),
        onConnect);
  }

  /**
   * Opens the connection to every master before the store counts as connected: Lettuce opens them
   * on first use, which would make the first read of each node outlast the read timeout.
   */
  private static CompletionStage<StatefulConnection<byte[], byte[]>> warmUp(
      StatefulRedisClusterConnection<byte[], byte[]> c) {
    List<CompletableFuture<?>> nodes = new java.util.ArrayList<>();
    for (io.lettuce.core.cluster.models.partitions.RedisClusterNode node : c.getPartitions()) {
      if (node.is(io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag.UPSTREAM)) {
        nodes.add(c.getConnectionAsync(node.getNodeId()));
      }
    }
    return CompletableFuture.allOf(nodes.toArray(CompletableFuture[]::new))
        .handle((ok, error) -> c);
  }

  // Host and port only: a RedisURI's own text may carry a password.
  private static String describe(RedisURI uri) {
    if (!uri.getSentinels().isEmpty()) {
      return "sentinel master " + uri.getSentinelMasterId();
    }
    return uri.getHost() + ":" + uri.getPort();
  }

  private void connect() {
    if (closed) {
      return;
    }
    CompletionStage<? extends StatefulConnection<byte[], byte[]>> attempt;
    try {
      attempt = connector.get();
    } catch (RuntimeException e) {
      attempt = CompletableFuture.failedFuture(e);
    }
    attempt.whenComplete(
        (c, error) -> {
          if (error != null || c == null) {
            retry(error);
            return;
          }
          if (closed) {
            c.closeAsync();
            return;
          }
          connection = c;
          commands = commandsOf(c);
          firstConnect.countDown();
          if (warned) {
            log.info("Redis store connected to {}", description);
          }
          onConnect.run();
        });
  }

  @SuppressWarnings("unchecked")
  private static RedisScriptingAsyncCommands<byte[], byte[]> commandsOf(
      StatefulConnection<byte[], byte[]> c) {
    if (c instanceof StatefulRedisClusterConnection<?, ?> cluster) {
      return ((StatefulRedisClusterConnection<byte[], byte[]>) cluster).async();
    }
    return ((StatefulRedisConnection<byte[], byte[]>) c).async();
  }

  private synchronized void retry(@Nullable Throwable error) {
    if (closed) {
      return;
    }
    if (!warned) {
      warned = true;
      log.warn(
          "Redis store cannot connect to {} ({}); retrying in the background, reads miss meanwhile",
          description,
          error == null ? "no connection" : summary(error));
    }
    long delay = retryMillis;
    retryMillis = Math.min(MAX_RETRY_MILLIS, retryMillis * 2);
    try {
      retries.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // Closed meanwhile.
    }
  }

  private static String summary(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }

  /**
   * Returns which node serves {@code key}: the Cluster node id of its slot's master, or {@code ""}
   * for a standalone or Sentinel Redis (one node), or before the topology is known.
   */
  public String node(byte[] key) {
    StatefulConnection<byte[], byte[]> c = connection;
    if (c instanceof StatefulRedisClusterConnection<?, ?> cluster) {
      io.lettuce.core.cluster.models.partitions.RedisClusterNode node =
          cluster.getPartitions().getMasterBySlot(io.lettuce.core.cluster.SlotHash.getSlot(key));
      if (node != null && node.getNodeId() != null) {
        return node.getNodeId();
      }
    }
    return "";
  }

  /** Returns the commands while the connection is open, else null. */
  public @Nullable RedisScriptingAsyncCommands<byte[], byte[]> commands() {
    StatefulConnection<byte[], byte[]> c = connection;
    return c != null && c.isOpen() ? commands : null;
  }

  /** Waits up to {@code wait} for the first connection; true when connected. */
  public boolean awaitConnected(Duration wait) {
    try {
      firstConnect.await(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return commands() != null;
  }

  @Override
  public void close() {
    closed = true;
    retries.shutdownNow();
    StatefulConnection<byte[], byte[]> c = connection;
    if (c != null) {
      c.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
