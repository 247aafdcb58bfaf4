package dev.failsoft.store.redis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis Cluster of three masters on loopback ({@code --cluster-enabled yes}), created with {@code
 * redis-cli --cluster create ... --cluster-yes}. Serving continues for the slots of the masters
 * still up when one is killed ({@code cluster-require-full-coverage no}).
 */
public final class RedisCluster implements AutoCloseable {

  private final List<RedisServer> masters = new ArrayList<>();

  private RedisCluster() {}

  /** Starts three masters and joins them into one cluster, waiting until its state is ok. */
  public static RedisCluster start() {
    RedisCluster cluster = new RedisCluster();
    try {
      for (int i = 0; i < 3; i++) {
        cluster.masters.add(
            RedisServer.start(
                RedisServer.freePort(true),
                "cluster-enabled yes",
                "cluster-config-file nodes.conf",
                "cluster-node-timeout 2000",
                "cluster-require-full-coverage no"));
      }
      List<String> create = new ArrayList<>();
      create.add(RedisServer.binary("redis-cli").orElseThrow().toString());
      create.add("--cluster");
      create.add("create");
      for (RedisServer master : cluster.masters) {
        create.add("127.0.0.1:" + master.port());
      }
      create.add("--cluster-yes");
      Process cli = new ProcessBuilder(create).redirectErrorStream(true).start();
      byte[] output = cli.getInputStream().readAllBytes();
      if (!cli.waitFor(60, TimeUnit.SECONDS) || cli.exitValue() != 0) {
        throw new IllegalStateException(
            "redis-cli --cluster create failed: " + new String(output, StandardCharsets.UTF_8));
      }
      cluster.awaitState(cluster.masters);
      return cluster;
    } catch (IOException e) {
      cluster.close();
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cluster.close();
      throw new IllegalStateException(e);
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private void awaitState(List<RedisServer> nodes) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (RedisServer node : nodes) {
      while (!node.command("CLUSTER", "INFO").contains("cluster_state:ok")) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("cluster state not ok on port " + node.port());
        }
        RedisServer.park(50);
      }
    }
  }

  /** Returns the masters. */
  public List<RedisServer> masters() {
    return masters;
  }

  /** Returns {@code redis-cluster://127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3}. */
  public String location() {
    StringBuilder b = new StringBuilder("redis-cluster://");
    for (int i = 0; i < masters.size(); i++) {
      b.append(i == 0 ? "" : ",").append("127.0.0.1:").append(masters.get(i).port());
    }
    return b.toString();
  }

  @Override
  public void close() {
    masters.forEach(RedisServer::close);
  }
}
