package dev.failsoft.diagnosis.logs;

import static java.util.Objects.requireNonNull;

import dev.failsoft.diagnosis.logs.internal.LineReader;
import dev.failsoft.internal.CountingInputStream;
import dev.failsoft.internal.Gzip;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a log line by line, streams every {@link LogFinding} to a consumer and returns a {@link
 * LogSummary}. Memory stays bounded whatever the input: one line at a time, each cut to {@link
 * Builder#maxLineLength(int)} characters (the rest of a longer line is skipped and counted as
 * oversized), and at most {@link Builder#maxCauses(int)} kind and upstream pairs in the summary.
 *
 * <p>Input is decoded as UTF-8, malformed bytes replaced; lines may end in LF, CRLF or CR. A gzip
 * input is recognised by its magic bytes ({@code 1f 8b}), whatever its name, and decompressed on
 * the fly. Binary garbage is read as long, unparsable lines: no exception. A truncated or corrupt
 * gzip stream ends the analysis with the {@link IOException} the JDK raises for it.
 *
 * <p>Defaults: the {@linkplain LogFormats#autoDetect(Clock) detecting parser}, the system clock,
 * {@value #DEFAULT_MAX_LINE_LENGTH} characters per line, {@value #DEFAULT_MAX_CAUSES} pairs, no
 * progress listener. An analyzer is immutable and thread-safe; each call to {@code analyze} is
 * independent. The consumer's exceptions propagate (it is the output); the progress listener's are
 * logged and ignored; a user parser's are counted in {@link LogSummary#parserErrors()}.
 */
public final class LogAnalyzer {
  /** Default longest line parsed, in characters (64 KiB). */
  public static final int DEFAULT_MAX_LINE_LENGTH = 64 * 1024;

  /** Default most kind and upstream pairs kept in a summary. */
  public static final int DEFAULT_MAX_CAUSES = 10_000;

  /** Remedies kept per kind in a summary. */
  public static final int TOP_REMEDIES = 3;

  /** How often progress is reported, in bytes read. */
  private static final long PROGRESS_STEP = 1 << 20;

  private static final Logger log = LoggerFactory.getLogger(LogAnalyzer.class);

  private final LogParser parser;
  private final int maxLineLength;
  private final int maxCauses;
  private final Progress progress;

  private LogAnalyzer(Builder b) {
    this.parser = b.parser != null ? b.parser : LogFormats.autoDetect(b.clock);
    this.maxLineLength = b.maxLineLength;
    this.maxCauses = b.maxCauses;
    this.progress = b.progress;
  }

  /**
   * Returns an analyzer with every default.
   *
   * @return a new analyzer
   */
  public static LogAnalyzer standard() {
    return builder().build();
  }

  /**
   * Returns a builder; see the class documentation for the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Receives progress while an input is read, so a command line can draw a bar. Called on the
   * reading thread about every MiB and once at the end.
   */
  @FunctionalInterface
  public interface Progress {
    /**
     * Reports progress.
     *
     * @param bytesRead bytes read so far (compressed bytes for gzip, characters for a Reader)
     * @param totalBytes the input's size when known (a file), else empty
     */
    void onProgress(long bytesRead, OptionalLong totalBytes);
  }

  /**
   * Analyzes a file (gzip or plain) without streaming findings.
   *
   * @param file the log file
   * @return the summary
   * @throws IOException if the file cannot be read, or its gzip stream is truncated or corrupt
   * @throws NullPointerException if {@code file} is null
   */
  public LogSummary analyze(Path file) throws IOException {
    return analyze(file, f -> {});
  }

  /**
   * Analyzes a file (gzip or plain), streaming each finding to {@code onFinding}.
   *
   * @param file the log file; its size is the progress listener's total
   * @param onFinding called on this thread for each finding, in line order
   * @return the summary
   * @throws IOException if the file cannot be read, or its gzip stream is truncated or corrupt
   * @throws NullPointerException if an argument is null
   */
  public LogSummary analyze(Path file, Consumer<? super LogFinding> onFinding) throws IOException {
    requireNonNull(file, "file");
    requireNonNull(onFinding, "onFinding");
    long size = Files.size(file);
    try (InputStream in = Files.newInputStream(file)) {
      return analyze(in, OptionalLong.of(size), onFinding);
    }
  }

  /**
   * Analyzes a stream (gzip or plain) to its end, streaming each finding to {@code onFinding}. The
   * stream is not closed.
   *
   * @param in the log bytes
   * @param onFinding called on this thread for each finding, in line order
   * @return the summary
   * @throws IOException if reading fails, or a gzip stream is truncated or corrupt
   * @throws NullPointerException if an argument is null
   */
  public LogSummary analyze(InputStream in, Consumer<? super LogFinding> onFinding)
      throws IOException {
    return analyze(in, OptionalLong.empty(), onFinding);
  }

  /**
   * Analyzes text to its end, streaming each finding to {@code onFinding}. The reader is not
   * closed, and is not checked for gzip.
   *
   * @param in the log text
   * @param onFinding called on this thread for each finding, in line order
   * @return the summary; its byte count is the characters read
   * @throws IOException if reading fails
   * @throws NullPointerException if an argument is null
   */
  public LogSummary analyze(Reader in, Consumer<? super LogFinding> onFinding) throws IOException {
    requireNonNull(in, "in");
    requireNonNull(onFinding, "onFinding");
    LineReader lines = new LineReader(in, maxLineLength);
    return run(lines, lines::charsRead, OptionalLong.empty(), onFinding);
  }

  private LogSummary analyze(
      InputStream in, OptionalLong total, Consumer<? super LogFinding> onFinding)
      throws IOException {
    requireNonNull(in, "in");
    requireNonNull(onFinding, "onFinding");
    CountingInputStream counting = new CountingInputStream(in, false);
    InputStream text = Gzip.decompressIfGzip(new BufferedInputStream(counting, 1 << 16));
    LineReader lines =
        new LineReader(new InputStreamReader(text, StandardCharsets.UTF_8), maxLineLength);
    return run(lines, counting::count, total, onFinding);
  }

  private LogSummary run(
      LineReader lines,
      LongSupplier bytes,
      OptionalLong total,
      Consumer<? super LogFinding> onFinding)
      throws IOException {
    CauseCounter counter = new CauseCounter(maxCauses);
    long nextReport = PROGRESS_STEP;
    String line;
    while ((line = lines.next()) != null) {
      counter.lines++;
      if (lines.lastOversized()) {
        counter.oversizedLines++;
      }
      Optional<LogFinding> finding = parse(line, counter);
      if (finding.isPresent()) {
        counter.add(finding.get());
        onFinding.accept(finding.get());
      }
      if (progress != null && bytes.getAsLong() >= nextReport) {
        report(bytes.getAsLong(), total);
        nextReport = bytes.getAsLong() + PROGRESS_STEP;
      }
    }
    if (progress != null) {
      report(bytes.getAsLong(), total);
    }
    return counter.summary(bytes.getAsLong(), TOP_REMEDIES);
  }

  private Optional<LogFinding> parse(String line, CauseCounter counter) {
    try {
      Optional<LogFinding> f = parser.parse(line);
      return f == null ? Optional.empty() : f;
    } catch (RuntimeException e) {
      // a user's parser failing on one line must not lose the rest of the file
      if (counter.parserErrors++ == 0) {
        log.warn("log parser {} failed on a line: {}", parser, e.toString());
      }
      return Optional.empty();
    }
  }

  private void report(long bytesRead, OptionalLong total) {
    try {
      progress.onProgress(bytesRead, total);
    } catch (RuntimeException e) {
      log.warn("progress listener failed: {}", e.toString());
    }
  }

  /** Builds a {@link LogAnalyzer}. Not thread-safe. */
  public static final class Builder {
    private LogParser parser;
    private Clock clock = Clock.systemDefaultZone();
    private int maxLineLength = DEFAULT_MAX_LINE_LENGTH;
    private int maxCauses = DEFAULT_MAX_CAUSES;
    private Progress progress;

    private Builder() {}

    /**
     * Sets the parser. Default: {@link LogFormats#autoDetect(Clock)} with {@link #clock}.
     *
     * @param parser the parser; it need not be thread-safe unless the analyzer is shared
     * @return this builder
     * @throws NullPointerException if {@code parser} is null
     */
    public Builder parser(LogParser parser) {
      this.parser = requireNonNull(parser, "parser");
      return this;
    }

    /**
     * Sets the clock the default parser reads zone-less and year-less stamps with. Default: the
     * system clock and zone. Ignored when a {@link #parser} is set.
     *
     * @param clock the clock
     * @return this builder
     * @throws NullPointerException if {@code clock} is null
     */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the longest line parsed, in characters. Default: {@value #DEFAULT_MAX_LINE_LENGTH}.
     *
     * @param maxLineLength characters kept per line, more than 0
     * @return this builder
     * @throws IllegalArgumentException if {@code maxLineLength} is 0 or less
     */
    public Builder maxLineLength(int maxLineLength) {
      if (maxLineLength <= 0) {
        throw new IllegalArgumentException("maxLineLength: " + maxLineLength + " (expected: > 0)");
      }
      this.maxLineLength = maxLineLength;
      return this;
    }

    /**
     * Sets how many distinct kind and upstream pairs a summary keeps before counting new ones under
     * {@link LogSummary#OTHER_UPSTREAMS}. Default: {@value #DEFAULT_MAX_CAUSES}.
     *
     * @param maxCauses pairs kept, more than 0
     * @return this builder
     * @throws IllegalArgumentException if {@code maxCauses} is 0 or less
     */
    public Builder maxCauses(int maxCauses) {
      if (maxCauses <= 0) {
        throw new IllegalArgumentException("maxCauses: " + maxCauses + " (expected: > 0)");
      }
      this.maxCauses = maxCauses;
      return this;
    }

    /**
     * Sets the progress listener. Default: none.
     *
     * @param progress the listener; its exceptions are logged and ignored
     * @return this builder
     * @throws NullPointerException if {@code progress} is null
     */
    public Builder progress(Progress progress) {
      this.progress = requireNonNull(progress, "progress");
      return this;
    }

    /**
     * Returns the analyzer with the settings made so far.
     *
     * @return an immutable analyzer
     */
    public LogAnalyzer build() {
      return new LogAnalyzer(this);
    }
  }
}
