package dev.failsoft.store.redis.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} (the Debian package) on a free loopback port, with a generated config
 * ({@code --port P --save '' --appendonly no --dir TMP}); never the packaged service. Tests call
 * {@code assumeTrue(RedisServer.installed(), RedisServer.MISSING)} first, so they skip with a
 * message naming the binary when it is absent.
 */
public final class RedisServer implements AutoCloseable {

  private static final List<Path> CANDIDATES =
      List.of(Path.of("/usr/bin/redis-server"), Path.of("/usr/local/bin/redis-server"));

  private final Path binary;
  private final int port;
  private final Path dir;
  private final List<String> extraConfig;
  private Process process;

  private RedisServer(Path binary, int port, Path dir, List<String> extraConfig) {
    this.binary = binary;
    this.port = port;
    this.dir = dir;
    this.extraConfig = extraConfig;
  }

  /** Why the Redis tests skip when the binary is missing. */
  public static final String MISSING =
      "redis-server not found (looked on PATH, /usr/bin, /usr/local/bin): install the Debian"
          + " package redis-server to run the Redis store tests (.ci/run does)";

  /** Returns true when redis-server is installed. */
  public static boolean installed() {
    return binary("redis-server").isPresent();
  }

  /** Finds a binary of the redis-server package. */
  public static Optional<Path> binary(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    List<Path> places = new ArrayList<>();
    for (String dir : path.split(":")) {
      if (!dir.isEmpty()) {
        places.add(Path.of(dir, name));
      }
    }
    CANDIDATES.forEach(c -> places.add(c.resolveSibling(name)));
    return places.stream().filter(Files::isExecutable).findFirst();
  }

  /** Starts a server; {@code extraConfig} lines are appended to the generated config. */
  public static RedisServer start(String... extraConfig) {
    return start(freePort(false), extraConfig);
  }

  /** Starts a server on {@code port}. */
  public static RedisServer start(int port, String... extraConfig) {
    try {
      Path dir = Files.createTempDirectory("failsoft-redis-" + port + "-");
      RedisServer server =
          new RedisServer(binary("redis-server").orElseThrow(), port, dir, List.of(extraConfig));
      server.launch();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns a free loopback port; with {@code clusterBus}, one whose +10000 bus port is free. */
  public static int freePort(boolean clusterBus) {
    for (int i = 0; i < 100; i++) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int port = socket.getLocalPort();
        if (!clusterBus) {
          return port;
        }
        if (port + 10_000 < 65_536) {
          try (ServerSocket bus =
              new ServerSocket(port + 10_000, 1, InetAddress.getLoopbackAddress())) {
            return port;
          } catch (IOException busy) {
            // Try another.
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException("no free loopback port pair");
  }

  private void launch() throws IOException {
    List<String> config = new ArrayList<>();
    config.add("port " + port);
    config.add("bind 127.0.0.1");
    config.add("save \"\"");
    config.add("appendonly no");
    config.add("dir " + dir);
    config.add("daemonize no");
    config.add("logfile \"\"");
    config.addAll(extraConfig);
    Path conf = dir.resolve("redis.conf");
    Files.write(conf, config);
    process =
        new ProcessBuilder(binary.toString(), conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis.log").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "redis-server exited: " + Files.readString(dir.resolve("redis.log")));
      }
      try {
        if ("PONG".equals(command("PING"))) {
          return;
        }
      } catch (IOException | RuntimeException notYet) {
        // Not listening yet.
      }
      park(20);
    }
    throw new IllegalStateException("redis-server did not answer PING on port " + port);
  }

  /** Returns the port. */
  public int port() {
    return port;
  }

  /** Returns {@code redis://127.0.0.1:PORT}. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** Kills the server (SIGKILL) and waits for it to be gone. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts the server again on the same port (empty: nothing is persisted). */
  public void restart() {
    kill();
    try {
      launch();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends one command on a fresh connection and returns the reply as text. */
  public String command(String... args) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(Resp.encode(args));
      out.flush();
      return Resp.read(new BufferedInputStream(socket.getInputStream()));
    }
  }

  @Override
  public void close() {
    if (process != null) {
      kill();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Left for the OS to clean.
    }
  }

  static void park(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Just enough RESP for admin commands. */
  static final class Resp {
    private Resp() {}

    static byte[] encode(String... args) {
      StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
      for (String arg : args) {
        b.append('$')
            .append(arg.getBytes(StandardCharsets.UTF_8).length)
            .append("\r\n")
            .append(arg)
            .append("\r\n");
      }
      return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String read(InputStream in) throws IOException {
      int type = in.read();
      String line = line(in);
      switch (type) {
        case '+', ':' -> {
          return line;
        }
        case '-' -> throw new IOException("redis: " + line);
        case '$' -> {
          int length = Integer.parseInt(line);
          if (length < 0) {
            return "";
          }
          byte[] data = in.readNBytes(length + 2);
          return new String(data, 0, length, StandardCharsets.UTF_8);
        }
        case '*' -> {
          int count = Integer.parseInt(line);
          StringBuilder all = new StringBuilder();
          for (int i = 0; i < count; i++) {
            all.append(read(in)).append('\n');
          }
          return all.toString();
        }
        default -> throw new IOException("unexpected reply type " + type);
      }
    }

    private static String line(InputStream in) throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int c;
      while ((c = in.read()) != -1 && c != '\r') {
        b.write(c);
      }
      in.read();
      return b.toString(StandardCharsets.UTF_8);
    }
  }
}
