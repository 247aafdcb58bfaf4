package dev.failsoft.okhttp.internal;

import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;
import org.jspecify.annotations.Nullable;

/**
 * A response body as the caller reads it: bytes pass through unchanged, a read failure becomes a
 * diagnosed {@code UpstreamFailureException}, and — when the response may be stored — a copy of at
 * most {@code cap} bytes is kept and handed to {@code onComplete} once the body has been read to
 * its end. A body over the cap stops being copied and streams on untouched; it is never buffered
 * whole and never truncated. Not thread-safe, like every response body.
 */
final class WatchedBody extends ResponseBody {

  /** Turns a read failure into the exception the caller sees. */
  interface OnFailure {
    IOException diagnose(IOException failure);
  }

  /** Receives a complete body within the cap. */
  interface OnComplete {
    void stored(byte[] body);
  }

  private final ResponseBody raw;
  private final OnFailure onFailure;
  private final long cap;
  private final @Nullable OnComplete onComplete;
  private @Nullable BufferedSource source;

  /** {@code onComplete} null means nothing is copied. */
  WatchedBody(ResponseBody raw, OnFailure onFailure, long cap, @Nullable OnComplete onComplete) {
    this.raw = raw;
    this.onFailure = onFailure;
    this.cap = cap;
    this.onComplete = onComplete;
  }

  @Override
  public MediaType contentType() {
    return raw.contentType();
  }

  @Override
  public long contentLength() {
    return raw.contentLength();
  }

  @Override
  public BufferedSource source() {
    if (source == null) {
      source = Okio.buffer(new Watching(raw.source()));
    }
    return source;
  }

  @Override
  public void close() {
    if (source != null) {
      try {
        source.close();
      } catch (IOException ignored) {
        // Closing a response body never throws to the caller (ResponseBody.close()).
      }
    } else {
      raw.close();
    }
  }

  private final class Watching extends ForwardingSource {
    private @Nullable Buffer copy = onComplete == null ? null : new Buffer();

    Watching(BufferedSource delegate) {
      super(delegate);
    }

    @Override
    public long read(Buffer sink, long byteCount) throws IOException {
      long n;
      try {
        n = super.read(sink, byteCount);
      } catch (IOException e) {
        copy = null;
        throw onFailure.diagnose(e);
      }
      Buffer c = copy;
      OnComplete complete = onComplete;
      if (c != null && complete != null) {
        if (n == -1) {
          copy = null;
          complete.stored(c.readByteArray());
        } else if (c.size() + n > cap) {
          copy = null;
        } else {
          sink.copyTo(c, sink.size() - n, n);
        }
      }
      return n;
    }
  }
}
