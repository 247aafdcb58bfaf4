package dev.failsoft.servlet.internal;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small, real in-memory servlet response, standing in for a container's: it keeps status, headers
 * and body, commits once its buffer fills or it is flushed, and then refuses resets as containers
 * do. Single-threaded, as container responses are.
 */
final class RecordingResponse implements HttpServletResponse {
  final ByteArrayOutputStream sent = new ByteArrayOutputStream();
  final List<Cookie> cookies = new ArrayList<>();
  private final Map<String, List<String>> headers = new LinkedHashMap<>();
  private int status = 200;
  private int bufferSize = 8192;
  private int buffered;
  private boolean committed;
  private String contentType;
  private String encoding;
  private ServletOutputStream stream;
  private PrintWriter writer;
  private Locale locale = Locale.getDefault();
  int errorSent = -1;
  String redirectedTo;
  int flushes;

  String body() {
    if (writer != null) {
      writer.flush();
    }
    return sent.toString(charset());
  }

  private Charset charset() {
    return encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
  }

  private void written(int len) {
    buffered += len;
    if (buffered > bufferSize) {
      committed = true;
    }
  }

  private void checkNotCommitted(String what) {
    if (committed) {
      throw new IllegalStateException("cannot " + what + ": committed");
    }
  }

  @Override
  public ServletOutputStream getOutputStream() {
    if (writer != null) {
      throw new IllegalStateException("writer in use");
    }
    if (stream == null) {
      stream =
          new ServletOutputStream() {
            @Override
            public void write(int b) {
              sent.write(b);
              written(1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
              sent.write(b, off, len);
              written(len);
            }

            @Override
            public void flush() {
              flushBuffer();
            }

            @Override
            public boolean isReady() {
              return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
              throw new IllegalStateException("not async");
            }
          };
    }
    return stream;
  }

  @Override
  public PrintWriter getWriter() {
    if (stream != null) {
      throw new IllegalStateException("stream in use");
    }
    if (writer == null) {
      if (encoding == null) {
        encoding = "ISO-8859-1";
      }
      writer =
          new PrintWriter(
              new OutputStreamWriter(sent, charset()) {
                @Override
                public void write(char[] c, int off, int len) throws IOException {
                  super.write(c, off, len);
                  written(len);
                }
              });
    }
    return writer;
  }

  @Override
  public void flushBuffer() {
    flushes++;
    committed = true;
  }

  @Override
  public void setStatus(int sc) {
    if (!committed) {
      status = sc;
    }
  }

  @Override
  public int getStatus() {
    return status;
  }

  @Override
  public void sendError(int sc, String msg) {
    checkNotCommitted("sendError");
    status = sc;
    errorSent = sc;
    committed = true;
  }

  @Override
  public void sendError(int sc) {
    sendError(sc, null);
  }

  @Override
  public void sendRedirect(String location) {
    checkNotCommitted("sendRedirect");
    status = 302;
    redirectedTo = location;
    committed = true;
  }

  @Override
  public void setHeader(String name, String value) {
    if (!committed) {
      List<String> values = new ArrayList<>();
      values.add(value);
      headers.put(name.toLowerCase(Locale.ROOT), values);
    }
  }

  @Override
  public void addHeader(String name, String value) {
    if (!committed) {
      headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
    }
  }

  @Override
  public void setIntHeader(String name, int value) {
    setHeader(name, Integer.toString(value));
  }

  @Override
  public void addIntHeader(String name, int value) {
    addHeader(name, Integer.toString(value));
  }

  @Override
  public void setDateHeader(String name, long date) {
    setHeader(name, Long.toString(date));
  }

  @Override
  public void addDateHeader(String name, long date) {
    addHeader(name, Long.toString(date));
  }

  @Override
  public boolean containsHeader(String name) {
    return headers.containsKey(name.toLowerCase(Locale.ROOT));
  }

  @Override
  public String getHeader(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null ? null : values.get(0);
  }

  @Override
  public Collection<String> getHeaders(String name) {
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  @Override
  public Collection<String> getHeaderNames() {
    return headers.keySet();
  }

  @Override
  public void addCookie(Cookie cookie) {
    if (!committed) {
      cookies.add(cookie);
    }
  }

  @Override
  public String encodeURL(String url) {
    return url;
  }

  @Override
  public String encodeRedirectURL(String url) {
    return url;
  }

  @Override
  public String getCharacterEncoding() {
    return encoding == null ? "ISO-8859-1" : encoding;
  }

  @Override
  public String getContentType() {
    return contentType;
  }

  @Override
  public void setCharacterEncoding(String charset) {
    if (!committed && writer == null) {
      encoding = charset;
    }
  }

  @Override
  public void setContentLength(int len) {
    setContentLengthLong(len);
  }

  @Override
  public void setContentLengthLong(long len) {
    setHeader("Content-Length", Long.toString(len));
  }

  @Override
  public void setContentType(String type) {
    if (committed) {
      return;
    }
    contentType = type;
    int at = type == null ? -1 : type.toLowerCase(Locale.ROOT).indexOf("charset=");
    if (at >= 0 && writer == null) {
      encoding = type.substring(at + 8).trim();
    }
  }

  @Override
  public void setBufferSize(int size) {
    if (buffered > 0 || committed) {
      throw new IllegalStateException("content written");
    }
    bufferSize = size;
  }

  @Override
  public int getBufferSize() {
    return bufferSize;
  }

  @Override
  public void resetBuffer() {
    checkNotCommitted("resetBuffer");
    sent.reset();
    buffered = 0;
  }

  @Override
  public boolean isCommitted() {
    return committed;
  }

  @Override
  public void reset() {
    checkNotCommitted("reset");
    resetBuffer();
    headers.clear();
    status = 200;
    contentType = null;
    stream = null;
    writer = null;
    encoding = null;
  }

  @Override
  public void setLocale(Locale loc) {
    if (!committed) {
      locale = loc;
    }
  }

  @Override
  public Locale getLocale() {
    return locale;
  }
}
