package dev.failsoft.diagnosis.logs;

import static java.util.Objects.requireNonNull;

import dev.failsoft.diagnosis.logs.internal.ChunkSource;
import dev.failsoft.diagnosis.logs.internal.ChunkSource.Chunk;
import dev.failsoft.diagnosis.logs.internal.LineReader;
import dev.failsoft.internal.CountingInputStream;
import dev.failsoft.internal.Gzip;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a log line by line, streams every {@link LogFinding} to a consumer and returns a {@link
 * LogSummary}. Memory stays bounded whatever the input: a stream is read in chunks of whole lines
 * (1 MiB, at most {@code 2 × parallelism} held at once) parsed on {@link Builder#parallelism(int)}
 * threads and merged in input order; each line is cut to {@link Builder#maxLineLength(int)}
 * characters (the rest of a longer line is skipped and counted as oversized); at most {@link
 * Builder#maxCauses(int)} kind and upstream pairs are kept in the summary. Lines that surely hold
 * no failure (nginx notices, and lines without any text an nginx finding needs) are skipped before
 * they are decoded.
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

  /**
   * Default number of threads that parse a stream's chunks: 0, one per available processor. A
   * parser of the user's own runs on one thread whatever this says (it need not be thread-safe).
   */
  public static final int DEFAULT_PARALLELISM = 0;

  /** How often progress is reported, in bytes read. */
  private static final long PROGRESS_STEP = 1 << 20;

  /** The bytes of input parsed as one unit of work. */
  private static final int CHUNK_BYTES = 1 << 20;

  private static final Logger log = LoggerFactory.getLogger(LogAnalyzer.class);

  private final LogParser parser;
  private final int maxLineLength;
  private final int maxCauses;
  private final @Nullable Progress progress;
  private final int parallelism;

  private LogAnalyzer(Builder b) {
    this.parser = b.parser != null ? b.parser : LogFormats.autoDetect(b.clock);
    this.maxLineLength = b.maxLineLength;
    this.maxCauses = b.maxCauses;
    this.progress = b.progress;
    this.parallelism =
        b.parallelism == DEFAULT_PARALLELISM
            ? Runtime.getRuntime().availableProcessors()
            : b.parallelism;
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
    InputStream bytes = Gzip.decompressIfGzip(new BufferedInputStream(counting, 1 << 16));
    ChunkSource chunks = new ChunkSource(bytes, CHUNK_BYTES);
    AtomicBoolean logged = new AtomicBoolean();
    ChunkTask task =
        new ChunkTask(
            parser,
            LogFormats.readsNginxFirst(parser),
            maxLineLength,
            maxCauses,
            e -> {
              if (logged.compareAndSet(false, true)) {
                log.warn("log parser {} failed on a line: {}", parser, e.toString());
              }
            });
    CauseCounter counter = new CauseCounter(maxCauses);
    Deliver deliver = new Deliver(counter, onFinding, counting::count, total);
    int workers = LogFormats.builtIn(parser) ? parallelism : 1;
    if (workers <= 1) {
      for (Chunk c; (c = chunks.next()) != null; ) {
        deliver.accept(task.parse(c));
      }
    } else {
      parallel(chunks, task, workers, deliver);
    }
    if (progress != null) {
      report(counting.count(), total);
    }
    return counter.summary(counting.count(), TOP_REMEDIES);
  }

  /**
   * Parses chunks on {@code workers} threads while this thread reads the next ones, and hands the
   * results over in input order: at most {@code 2 × workers} chunks are held at a time, so memory
   * stays bounded, and the consumer is called on this thread, in line order.
   */
  private static void parallel(ChunkSource chunks, ChunkTask task, int workers, Deliver deliver)
      throws IOException {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            workers,
            r -> {
              Thread t = new Thread(r, "failsoft-logs");
              t.setDaemon(true);
              return t;
            });
    try {
      ArrayDeque<Future<ChunkTask.Result>> inFlight = new ArrayDeque<>();
      boolean more = true;
      while (true) {
        while (more && inFlight.size() < 2 * workers) {
          Chunk c = chunks.next();
          if (c == null) {
            more = false;
          } else {
            inFlight.add(pool.submit(() -> task.parse(c)));
          }
        }
        Future<ChunkTask.Result> head = inFlight.poll();
        if (head == null) {
          return;
        }
        deliver.accept(await(head));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static ChunkTask.Result await(Future<ChunkTask.Result> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while analyzing a log");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Merges each chunk's counts and streams its findings, reporting progress as bytes pass. */
  private final class Deliver {
    private final CauseCounter counter;
    private final Consumer<? super LogFinding> onFinding;
    private final LongSupplier bytes;
    private final OptionalLong total;
    private long nextReport = PROGRESS_STEP;

    Deliver(
        CauseCounter counter,
        Consumer<? super LogFinding> onFinding,
        LongSupplier bytes,
        OptionalLong total) {
      this.counter = counter;
      this.onFinding = onFinding;
      this.bytes = bytes;
      this.total = total;
    }

    void accept(ChunkTask.Result r) {
      counter.merge(r.counter());
      for (LogFinding f : r.findings()) {
        onFinding.accept(f);
      }
      if (progress != null && bytes.getAsLong() >= nextReport) {
        report(bytes.getAsLong(), total);
        nextReport = bytes.getAsLong() + PROGRESS_STEP;
      }
    }
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
    Progress listener = progress;
    if (listener == null) {
      return;
    }
    try {
      listener.onProgress(bytesRead, total);
    } catch (RuntimeException e) {
      log.warn("progress listener failed: {}", e.toString());
    }
  }

  /** Builds a {@link LogAnalyzer}. Not thread-safe. */
  public static final class Builder {
    private @Nullable LogParser parser;
    private Clock clock = Clock.systemDefaultZone();
    private int maxLineLength = DEFAULT_MAX_LINE_LENGTH;
    private int maxCauses = DEFAULT_MAX_CAUSES;
    private @Nullable Progress progress;
    private int parallelism = DEFAULT_PARALLELISM;

    private Builder() {}

    /**
     * Sets how many threads parse chunks of a stream or file at once; the summary is the same
     * whatever the number, and findings still reach the consumer in line order, on the calling
     * thread. Default: {@value #DEFAULT_PARALLELISM}, one thread per available processor. A parser
     * of the user's own ({@link #parser}) always runs on one thread.
     *
     * @param parallelism threads, 1 or more, or {@value #DEFAULT_PARALLELISM} for one per processor
     * @return this builder
     * @throws IllegalArgumentException if {@code parallelism} is negative
     */
    public Builder parallelism(int parallelism) {
      if (parallelism < 0) {
        throw new IllegalArgumentException(
            "parallelism: " + parallelism + " (expected: >= 0, 0 for one per processor)");
      }
      this.parallelism = parallelism;
      return this;
    }

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
