package dev.failsoft.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real reverse proxy (nginx, HAProxy) started by a test as a child process, with a generated
 * configuration, on a free loopback port, in front of one upstream.
 *
 * <p>Everything the process writes — its configuration, pid file, temporary files and logs — lives
 * in a fresh temporary directory, so no root paths or installed services are touched. {@link
 * #start} returns only once the port accepts connections; {@link #close()} stops the process and
 * its descendants and deletes the directory, keeping the last log contents readable through {@link
 * #log()}. Subclasses say how to find the binary, write the configuration and build the command
 * line. Not thread-safe: one test drives one instance.
 */
public abstract class ProxyProcess implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(10);
  private static final Duration SHUTDOWN = Duration.ofSeconds(5);
  private static final int START_ATTEMPTS = 3;
  private static final List<String> SBIN_DIRS = List.of("/usr/sbin", "/usr/local/sbin", "/sbin");

  /** Processes still running, killed by a shutdown hook should the test JVM exit without close. */
  private static final Set<ProcessHandle> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () ->
                    RUNNING.forEach(
                        p -> {
                          p.descendants().forEach(ProcessHandle::destroyForcibly);
                          p.destroyForcibly();
                        }),
                "proxy-process-reaper"));
  }

  private final String product;
  private Path dir;
  private Process process;
  private int port;
  private String lastLog = "";

  protected ProxyProcess(String product) {
    this.product = product;
  }

  /** Writes the configuration for a proxy listening on 127.0.0.1:{@code port} into {@code dir}. */
  protected abstract void writeConfig(Path dir, int port) throws IOException;

  /** Returns the command line that runs the proxy in the foreground with that configuration. */
  protected abstract List<String> command(Path binary, Path dir);

  /** Returns the file the proxy's log ends up in, inside {@code dir}. */
  protected abstract Path logFile(Path dir);

  /** Returns the installed binary for this proxy. */
  protected abstract Path binary();

  /** Environment variables added for the process (Caddy wants a writable home). */
  protected java.util.Map<String, String> environment(Path dir) {
    return java.util.Map.of();
  }

  /**
   * Starts the process and waits until its port accepts; retries on a fresh port when another
   * process grabbed the chosen one first (the port is picked free, then bound by the proxy).
   */
  protected final void start() throws IOException {
    Path binary = binary();
    IOException last = null;
    for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      dir = Files.createTempDirectory("failsoft-" + product + "-");
      port = freePort();
      writeConfig(dir, port);
      Path out = dir.resolve("process.out");
      ProcessBuilder builder =
          new ProcessBuilder(command(binary, dir))
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile());
      builder.environment().putAll(environment(dir));
      process = builder.start();
      RUNNING.add(process.toHandle());
      try {
        awaitPort();
        return;
      } catch (IOException e) {
        last = e;
        stopProcess();
        deleteDir();
      }
    }
    throw last;
  }

  private void awaitPort() throws IOException {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            product
                + " exited with "
                + process.exitValue()
                + " before accepting on port "
                + port
                + "; output:\n"
                + output());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException notYet) {
        pause(20);
      }
    }
    throw new IOException(
        product
            + " did not accept on port "
            + port
            + " within "
            + STARTUP
            + "; output:\n"
            + output());
  }

  /** Returns true while the proxy process runs. */
  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Returns the loopback port the proxy listens on. */
  public int port() {
    return port;
  }

  /** Returns {@code http://127.0.0.1:PORT} (no trailing slash). */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Returns the proxy's log so far (its error log, or the request log HAProxy prints). */
  public String log() {
    if (dir != null) {
      Path file = logFile(dir);
      try {
        if (Files.exists(file)) {
          lastLog = Files.readString(file, StandardCharsets.ISO_8859_1);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return lastLog;
  }

  /** Returns the log split into lines. */
  public List<String> logLines() {
    return log().lines().toList();
  }

  /**
   * Waits up to {@code timeout} for a log line containing {@code needle} and returns it; proxies
   * write some lines only after the exchange ends (HAProxy logs when the stream closes).
   *
   * @throws AssertionError naming the needle and the whole log when no such line appears
   */
  public String awaitLogLine(String needle, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<String> line = logLines().stream().filter(l -> l.contains(needle)).findFirst();
      if (line.isPresent()) {
        return line.get();
      }
      if (System.nanoTime() >= deadline) {
        throw new AssertionError(
            "no "
                + product
                + " log line contains \""
                + needle
                + "\" after "
                + timeout
                + "; log:\n"
                + log()
                + "\noutput:\n"
                + output());
      }
      pause(20);
    }
  }

  /** Returns what the process printed on stdout and stderr. */
  public String output() {
    try {
      Path out = dir == null ? null : dir.resolve("process.out");
      return out != null && Files.exists(out)
          ? Files.readString(out, StandardCharsets.ISO_8859_1)
          : "";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** Stops the process and everything it started, then deletes its directory. */
  @Override
  public void close() {
    log();
    stopProcess();
    deleteDir();
  }

  private void stopProcess() {
    if (process == null) {
      return;
    }
    // Collect descendants first: once the parent dies, its children are re-parented and lost.
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    children.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(SHUTDOWN.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(SHUTDOWN.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    RUNNING.remove(process.toHandle());
  }

  private void deleteDir() {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // A leftover temp directory is harmless; the test result is what matters.
    }
  }

  /** Returns this process's temporary directory (config, pid, logs), while it runs. */
  protected Path dir() {
    return dir;
  }

  /** Returns a loopback port that was free a moment ago. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(false);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
      return s.getLocalPort();
    }
  }

  /** Finds {@code name} on the PATH or in the usual sbin directories (not always on PATH). */
  static Optional<Path> findBinary(String name) {
    List<String> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(java.io.File.pathSeparator)));
    }
    dirs.addAll(SBIN_DIRS);
    for (String d : dirs) {
      if (d.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(d, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Skips the calling test (a JUnit assumption) with a message starting "{@code name} not
   * installed:" unless an executable {@code name} is on the PATH or in an sbin directory.
   */
  public static Path assumeBinary(String name) {
    Optional<Path> binary = findBinary(name);
    Assumptions.assumeTrue(
        binary.isPresent(),
        () ->
            name
                + " not installed: not on PATH nor in "
                + SBIN_DIRS
                + " (as root, .ci/run installs it with apt-get)");
    return binary.orElseThrow();
  }

  /** Runs {@code binary args} and returns its combined output, for version banners. */
  static String run(Path binary, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(binary.toString());
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      p.waitFor(SHUTDOWN.toMillis(), TimeUnit.MILLISECONDS);
      return new String(out, StandardCharsets.ISO_8859_1).trim();
    } catch (IOException e) {
      return "(" + binary + " " + String.join(" ", args) + " failed: " + e + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(interrupted)";
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a proxy process", e);
    }
  }
}
