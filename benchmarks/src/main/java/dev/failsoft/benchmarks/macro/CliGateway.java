package dev.failsoft.benchmarks.macro;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code failsoft gateway} command (module {@code cli}) run as its own process from the shaded
 * jar named by the system property {@value #JAR_PROPERTY} ({@code benchmarks/run.sh} builds it and
 * passes it). It listens on a free loopback port, which its first stderr line announces.
 */
final class CliGateway implements AutoCloseable {
  static final String JAR_PROPERTY = "failsoft.cli.jar";
  private static final Pattern LISTENING = Pattern.compile("failsoft gateway: (http://\\S+)");

  private final Process process;
  private final String url;

  private CliGateway(Process process, String url) {
    this.process = process;
    this.url = url;
  }

  /** The jar, when the property names one that exists. */
  static Optional<Path> jar() {
    String value = System.getProperty(JAR_PROPERTY, "");
    return value.isEmpty() || !Files.isRegularFile(Path.of(value))
        ? Optional.empty()
        : Optional.of(Path.of(value));
  }

  /** Starts {@code failsoft gateway} in front of {@code upstream} with extra options. */
  static CliGateway start(Path jar, String upstream, List<String> options) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "gateway",
                "--listen",
                "127.0.0.1:0",
                "--upstream",
                upstream));
    command.addAll(options);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    CompletableFuture<String> announced = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  Matcher m = LISTENING.matcher(line);
                  if (!announced.isDone() && m.find()) {
                    announced.complete(m.group(1));
                  }
                  // Keep draining: the gateway logs a WARN per stale copy served.
                }
              } catch (IOException e) {
                // The process ended.
              }
              announced.complete("");
            },
            "cli-gateway-output");
    reader.setDaemon(true);
    reader.start();
    try {
      String url = announced.get(30, TimeUnit.SECONDS);
      if (url.isEmpty()) {
        throw new IOException("failsoft gateway exited before listening: " + command);
      }
      return new CliGateway(process, url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    } catch (InterruptedException | java.util.concurrent.ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw new IOException("failsoft gateway did not start: " + command, e);
    }
  }

  String url() {
    return url;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
