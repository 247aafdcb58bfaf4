package dev.failsoft.diagnosis.logs;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.failsoft.diagnosis.logs.internal.ChunkSource.Chunk;
import dev.failsoft.diagnosis.logs.internal.NginxNoise;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Parses one chunk of whole lines into its findings, in line order, and a {@link CauseCounter} for
 * it alone, so chunks can be parsed on several threads and their counts merged. A line is decoded
 * only when the byte-level prefilter cannot rule a finding out; at most {@code 4 × maxLineLength}
 * bytes of a line are decoded (UTF-8 never needs more for {@code maxLineLength} characters). Runs
 * on any thread; shares nothing but the parser, which must then be thread-safe.
 */
final class ChunkTask {
  /** What one chunk gave. */
  record Result(CauseCounter counter, List<LogFinding> findings) {}

  private final LogParser parser;
  private final boolean nginxPrefilter;
  private final int maxLineLength;
  private final int maxLineBytes;
  private final int maxCauses;
  private final Consumer<RuntimeException> onParserError;

  ChunkTask(
      LogParser parser,
      boolean nginxPrefilter,
      int maxLineLength,
      int maxCauses,
      Consumer<RuntimeException> onParserError) {
    this.parser = parser;
    this.nginxPrefilter = nginxPrefilter;
    this.maxLineLength = maxLineLength;
    this.maxLineBytes = (int) Math.min(Integer.MAX_VALUE - 8, 4L * maxLineLength);
    this.maxCauses = maxCauses;
    this.onParserError = onParserError;
  }

  Result parse(Chunk chunk) {
    CauseCounter counter = new CauseCounter(maxCauses);
    List<LogFinding> findings = new ArrayList<>();
    byte[] b = chunk.bytes();
    int length = chunk.length();
    int i = chunk.skipLeadingLf() && length > 0 && b[0] == '\n' ? 1 : 0;
    while (i < length) {
      int start = i;
      while (i < length && b[i] != '\n' && b[i] != '\r') {
        i++;
      }
      int end = i;
      boolean cut = end == length && chunk.lastLineCut();
      if (i < length) {
        i += b[i] == '\r' && i + 1 < length && b[i + 1] == '\n' ? 2 : 1;
      }
      line(b, start, end, cut, counter, findings);
    }
    return new Result(counter, findings);
  }

  private void line(
      byte[] b, int start, int end, boolean cut, CauseCounter counter, List<LogFinding> findings) {
    counter.lines++;
    int bytes = end - start;
    if (nginxPrefilter && !cut && bytes <= maxLineLength && NginxNoise.skip(b, start, end)) {
      return; // no more characters than bytes, so not oversized either
    }
    String line = new String(b, start, Math.min(bytes, maxLineBytes), UTF_8);
    if (cut || line.length() > maxLineLength) {
      counter.oversizedLines++;
      if (line.length() > maxLineLength) {
        line = line.substring(0, maxLineLength);
      }
    }
    Optional<LogFinding> f;
    try {
      f = parser.parse(line);
    } catch (RuntimeException e) {
      // a user's parser failing on one line must not lose the rest of the file
      counter.parserErrors++;
      onParserError.accept(e);
      return;
    }
    if (f != null && f.isPresent()) {
      counter.add(f.get());
      findings.add(f.get());
    }
  }
}
