package dev.failsoft.cli.internal;

import dev.failsoft.internal.CountingInputStream;
import dev.failsoft.internal.Gzip;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Several log inputs read as one stream, so one analysis summarises them all: each file is opened
 * only when the previous one ends, gunzipped when it starts with the gzip magic bytes, and ended
 * with a line break when it lacks one, so the last line of a file never joins the next file's
 * first. Counts the raw bytes read, for a progress bar against the files' total size.
 */
final class LogInputs implements AutoCloseable {
  private final InputStream stream;
  private final long totalBytes;
  private final List<CountingInputStream> counted = new ArrayList<>();

  LogInputs(List<String> names, InputStream stdin) throws IOException {
    long total = 0;
    List<Path> files = new ArrayList<>();
    for (String name : names) {
      if ("-".equals(name)) {
        total = -1;
        files.add(null);
        continue;
      }
      Path p = Path.of(name);
      if (!Files.isRegularFile(p)) {
        throw new BadInput(
            Files.exists(p) ? name + ": not a regular file" : name + ": no such file");
      }
      if (!Files.isReadable(p)) {
        throw new BadInput(name + ": permission denied");
      }
      if (total >= 0) {
        total += Files.size(p);
      }
      files.add(p);
    }
    this.totalBytes = total;
    this.stream = new SequenceInputStream(Collections.enumeration(new Lazy(files, stdin)));
  }

  /** Returns the one stream of every input's text. */
  InputStream stream() {
    return stream;
  }

  /** Returns the raw (possibly compressed) bytes read so far. */
  long rawBytes() {
    long n = 0;
    for (CountingInputStream c : counted) {
      n += c.count();
    }
    return n;
  }

  /** Returns the inputs' total size in bytes, or -1 when standard input is among them. */
  long totalBytes() {
    return totalBytes;
  }

  @Override
  public void close() throws IOException {
    stream.close();
  }

  private InputStream open(Path file, InputStream stdin) {
    try {
      // standard input belongs to the process: the sequence must not close it
      CountingInputStream raw =
          file == null
              ? new CountingInputStream(stdin, false)
              : new CountingInputStream(Files.newInputStream(file), true);
      counted.add(raw);
      return new LineEnded(Gzip.decompressIfGzip(new BufferedInputStream(raw, 1 << 16)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Opens each input lazily, as the sequence reaches it. */
  private final class Lazy extends AbstractList<InputStream> {
    private final List<Path> files;
    private final InputStream stdin;

    Lazy(List<Path> files, InputStream stdin) {
      this.files = files;
      this.stdin = stdin;
    }

    @Override
    public InputStream get(int index) {
      return open(files.get(index), stdin);
    }

    @Override
    public int size() {
      return files.size();
    }
  }

  /** Adds a final line break to a stream whose last byte is not one. */
  private static final class LineEnded extends FilterInputStream {
    private int last = '\n';
    private boolean ended;

    LineEnded(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (ended) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      int n = super.read(b, off, len);
      if (n > 0) {
        last = b[off + n - 1];
        return n;
      }
      ended = true;
      if (n < 0 && last != '\n') {
        b[off] = '\n';
        return 1;
      }
      return n;
    }
  }
}
