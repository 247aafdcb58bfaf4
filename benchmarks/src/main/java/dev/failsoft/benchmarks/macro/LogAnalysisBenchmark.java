package dev.failsoft.benchmarks.macro;

import dev.failsoft.benchmarks.Table;
import dev.failsoft.diagnosis.logs.LogAnalyzer;
import dev.failsoft.diagnosis.logs.LogSummary;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Macro 6: {@link LogAnalyzer} (what {@code failsoft logs} runs) on a generated nginx error.log,
 * against {@code grep -c upstream} on the same file: the fastest thing a user would run, which only
 * counts lines and explains nothing. The file is generated in a temporary directory (1 GiB, or 100
 * MiB with {@code --quick}) and deleted afterwards. Each tool reads the file once after one untimed
 * warm-up read that puts it in the page cache.
 */
public final class LogAnalysisBenchmark {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");
  private static final String[] TEMPLATES = {
    "[error] 1234#1234: *%d connect() failed (111: Connection refused) while connecting to"
        + " upstream, client: 203.0.113.%d, server: api.example.com, request: \"GET /api/orders/%d"
        + " HTTP/1.1\", upstream: \"http://10.0.0.%d:8080/api/orders/%d\","
        + " host: \"api.example.com\"",
    "[error] 1234#1234: *%d upstream timed out (110: Connection timed out) while reading response"
        + " header from upstream, client: 203.0.113.%d, server: api.example.com, request: \"GET"
        + " /cart/%d HTTP/1.1\", upstream: \"http://10.0.0.%d:8080/cart/%d\","
        + " host: \"shop.example\"",
    "[error] 1234#1234: *%d upstream prematurely closed connection while reading response header"
        + " from upstream, client: 203.0.113.%d, server: api.example.com, request: \"POST /pay/%d"
        + " HTTP/1.1\", upstream: \"http://10.0.0.%d:8080/pay/%d\", host: \"shop.example\"",
    "[warn] 1234#1234: *%d an upstream response is buffered to a temporary file"
        + " /var/cache/nginx/proxy_temp/1/00/%d while reading upstream, client: 203.0.113.%d,"
        + " server: shop.example, request: \"GET /img/%d.jpg HTTP/1.1\", upstream: %d",
    "[notice] 1234#1234: signal process started %d %d %d %d"
  };

  private LogAnalysisBenchmark() {}

  /** Generates the log, times both tools and prints the table. */
  public static void run(boolean quick, PrintStream out) throws IOException, InterruptedException {
    long size = quick ? 100L << 20 : 1L << 30;
    Path dir = Files.createTempDirectory("failsoft-logs-bench");
    Path file = dir.resolve("error.log");
    try {
      generate(file, size);
      long bytes = Files.size(file);
      LogAnalyzer analyzer = LogAnalyzer.standard();
      grepCount(file);
      long start = System.nanoTime();
      LogSummary summary = analyzer.analyze(file);
      double failsoftSeconds = (System.nanoTime() - start) / 1e9;
      start = System.nanoTime();
      long grepLines = grepCount(file);
      double grepSeconds = (System.nanoTime() - start) / 1e9;

      double failsoftMbs = bytes / 1048576.0 / failsoftSeconds;
      double grepMbs = grepLines < 0 ? Double.NaN : bytes / 1048576.0 / grepSeconds;
      Table table =
          new Table(
              "Macro 6: log analysis on a generated nginx error.log (" + Table.mib(bytes) + ")",
              "tool",
              "seconds",
              "MiB/s",
              "lines",
              "result",
              "Failsoft / grep (throughput)");
      table.row(
          "Failsoft LogAnalyzer (failsoft logs)",
          Table.num(failsoftSeconds, 2),
          Table.num(failsoftMbs, 1),
          summary.lines(),
          summary.failureLines() + " failures in " + summary.causes().size() + " causes",
          Table.ratio(failsoftMbs, grepMbs));
      if (CliGateway.jar().isPresent()) {
        start = System.nanoTime();
        boolean ok = cliLogs(CliGateway.jar().get(), file);
        double cliSeconds = (System.nanoTime() - start) / 1e9;
        double cliMbs = bytes / 1048576.0 / cliSeconds;
        table.row(
            "failsoft logs --summary (cli jar, JVM start included)",
            Table.num(cliSeconds, 2),
            Table.num(cliMbs, 1),
            "",
            ok ? "summary printed" : "FAILED",
            Table.ratio(cliMbs, grepMbs));
      }
      if (grepLines < 0) {
        table.row("grep -c upstream", "", "", "", "grep not available", "");
      } else {
        table.row(
            "grep -c upstream",
            Table.num(grepSeconds, 2),
            Table.num(grepMbs, 1),
            "",
            grepLines + " matching lines",
            "1.00");
      }
      table.note(
          "Both read the same file from the page cache after one warm-up read by grep;"
              + " one timed run each. grep only counts; Failsoft parses every line into a failure"
              + " kind, upstream and remedy.");
      table.print(out);
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }

  static void generate(Path file, long size) throws IOException {
    LocalDateTime time = LocalDateTime.of(2026, 11, 25, 0, 0);
    long written = 0;
    long n = 0;
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
      StringBuilder line = new StringBuilder(512);
      while (written < size) {
        if (n % 100 == 0) {
          time = time.plusSeconds(1);
        }
        int t = (int) (n % TEMPLATES.length);
        line.setLength(0);
        line.append(TIME.format(time)).append(' ');
        line.append(String.format(TEMPLATES[t], n, n % 250, n % 5000, n % 7, n % 5000));
        line.append('\n');
        w.append(line);
        written += line.length();
        n++;
      }
    }
  }

  /**
   * Runs {@code failsoft logs --summary FILE}, output discarded; true when it exits 0 (no failure
   * found) or 1 (failures found, the expected answer here), not 2 (usage error).
   */
  static boolean cliLogs(Path jar, Path file) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar",
                    jar.toString(),
                    "logs",
                    "--summary",
                    file.toString()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    return p.waitFor(10, TimeUnit.MINUTES) && p.exitValue() <= 1;
  }

  /** Returns grep's count, or -1 when grep cannot be run. */
  static long grepCount(Path file) throws InterruptedException {
    try {
      Process p =
          new ProcessBuilder(List.of("grep", "-c", "upstream", file.toString()))
              .redirectErrorStream(true)
              .start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() > 1) {
        return -1;
      }
      return Long.parseLong(output.trim());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }
}
