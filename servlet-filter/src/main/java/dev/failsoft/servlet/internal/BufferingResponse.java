package dev.failsoft.servlet.internal;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntPredicate;

/**
 * Holds a response's body (up to a cap) until the chain ends, so that a failure can still be
 * replaced; steps aside — byte-for-byte pass-through — when it cannot or should not hold it.
 *
 * <p>Status and headers go straight to the container's response, so character encodings, {@code
 * Content-Type} decoration and header rules stay the container's own; only the body, {@code
 * Content-Length}, flushes and {@code sendError} with a failure status are held back. {@code
 * getWriter()} and {@code getOutputStream()} are obtained from the container at once (which locks
 * the encoding and enforces that only one is used), but nothing is written to them until the
 * response is released. A writer's output is held as characters and written through the container's
 * writer, so the container encodes it exactly as it would without the filter.
 *
 * <p>Steps aside when the body passes the cap, when the application flushes a non-failure response
 * that has a body (a flush with nothing held, or of a failure status, is deferred: Spring MVC
 * flushes early), when the content type is {@code text/event-stream}, and when the request goes
 * async. After a flush step-aside the body is still copied (up to the cap) so that it can be
 * stored.
 *
 * <p>Not thread-safe, as servlet responses are not, except in guarded mode (soft deadline): then
 * every method takes a lock so that {@link #detach} from another thread is safe, and after it the
 * application's calls touch nothing of the container's response.
 */
public final class BufferingResponse extends HttpServletResponseWrapper {

  /** Why the wrapper stopped holding the body. */
  public enum Release {
    /** Still holding. */
    NONE,
    /** The body passed the buffer cap. */
    CAP,
    /** The application flushed a response with a body on purpose. */
    FLUSH,
    /** The response is a stream ({@code text/event-stream}). */
    STREAM,
    /** The request went async. */
    ASYNC,
    /** The application sent an error or redirect that is not a failure; the container answers. */
    CONTAINER,
    /** The chain ended and the held body was written. */
    COMPLETE,
    /** The response was served from elsewhere (stale); the application's output is discarded. */
    DETACHED
  }

  private static final byte[] NO_BYTES = new byte[0];
  private static final char[] NO_CHARS = new char[0];

  private final HttpServletResponse real;
  private final int cap;
  private final IntPredicate isFailure;
  private final Lock guard;

  private Release release = Release.NONE;
  private boolean capturing = true;
  private byte[] bytes = NO_BYTES;
  private int byteCount;
  private char[] chars = NO_CHARS;
  private int charCount;
  private ServletOutputStream realStream;
  private PrintWriter realWriter;
  private Charset writerCharset;
  private HeldStream stream;
  private PrintWriter writer;
  private long declaredLength = -1;
  private int errorStatus = -1;
  private String errorMessage;
  private boolean streamChecked;
  private int containerBuffer = -1;
  private boolean pastContainerBuffer;

  /**
   * @param real the container's response
   * @param cap the most body bytes (characters, for a writer) held before stepping aside
   * @param isFailure which statuses the route counts as failure (their flushes are deferred)
   * @param guarded whether another thread may {@link #detach} this response
   */
  public BufferingResponse(
      HttpServletResponse real, int cap, IntPredicate isFailure, boolean guarded) {
    super(real);
    this.real = real;
    this.cap = cap;
    this.isFailure = isFailure;
    this.guard = guarded ? new ReentrantLock() : NoLock.INSTANCE;
  }

  // ---- What the filter asks -------------------------------------------------------------------

  /** Returns why the body stopped being held, or {@link Release#NONE}. */
  public Release release() {
    return release;
  }

  /** Returns the status the application ended with, including one given to sendError. */
  public int status() {
    return errorStatus >= 0 ? errorStatus : real.getStatus();
  }

  /**
   * Returns a read-only view of the whole body if it was all seen (held or copied), else null. The
   * view is valid until {@link #recycle}; whoever keeps the bytes longer must copy them.
   */
  public ByteBuffer body() {
    if (!capturing) {
      return null;
    }
    if (charCount > 0) {
      return writerCharset == null
          ? null
          : writerCharset.encode(CharBuffer.wrap(chars, 0, charCount)).asReadOnlyBuffer();
    }
    return ByteBuffer.wrap(bytes, 0, byteCount).asReadOnlyBuffer();
  }

  /**
   * Keeps the hold buffer for the next response on this thread and forgets it, so that pages the
   * store does not keep cost no allocation. Call it once, when the request is over and no other
   * thread can write to this response (not in guarded mode, not after async).
   */
  public void recycle() {
    byte[] spare = bytes;
    bytes = NO_BYTES;
    byteCount = 0;
    capturing = false;
    Scratch.give(spare);
  }

  /** Returns the first bytes of the held body (for diagnosing a failure), possibly empty. */
  public byte[] bodyPrefix(int max) {
    if (charCount > 0) {
      if (writerCharset == null) {
        return NO_BYTES;
      }
      ByteBuffer encoded =
          writerCharset.encode(
              CharBuffer.wrap(chars, 0, Math.min(Math.min(charCount, chars.length), max)));
      byte[] prefix = new byte[Math.min(max, encoded.remaining())];
      encoded.get(prefix);
      return prefix;
    }
    return Arrays.copyOf(bytes, Math.min(max, Math.min(byteCount, bytes.length)));
  }

  /** Acquires the lock of guarded mode; a no-op otherwise. */
  public void lock() {
    guard.lock();
  }

  /** Releases the lock of guarded mode. */
  public void unlock() {
    guard.unlock();
  }

  /**
   * Writes what is held through to the container and stops holding (the chain ended well, or its
   * failure is to pass through). After a failure {@code sendError}, sends it to the container.
   */
  public void complete() throws IOException {
    guard.lock();
    try {
      if (release != Release.NONE) {
        return;
      }
      if (errorStatus >= 0) {
        release = Release.CONTAINER;
        if (errorMessage == null) {
          real.sendError(errorStatus);
        } else {
          real.sendError(errorStatus, errorMessage);
        }
        return;
      }
      writeHeld();
      release = Release.COMPLETE;
    } finally {
      guard.unlock();
    }
  }

  /**
   * Forgets everything the application wrote so that the caller can answer from elsewhere; the
   * container's response is reset (status, headers, writer state) and later calls from the
   * application touch nothing. Returns false, doing nothing, when the response is no longer held or
   * the container has committed it.
   */
  public boolean detach() {
    guard.lock();
    try {
      if (release != Release.NONE || real.isCommitted()) {
        return false;
      }
      release = Release.DETACHED;
      capturing = false;
      bytes = NO_BYTES;
      chars = NO_CHARS;
      byteCount = 0;
      charCount = 0;
      real.reset();
      return true;
    } finally {
      guard.unlock();
    }
  }

  /** Steps aside because the request went async: what is held goes out now, the rest flows. */
  public void goingAsync() throws IOException {
    guard.lock();
    try {
      stepAside(Release.ASYNC);
    } finally {
      guard.unlock();
    }
  }

  // ---- Holding and releasing --------------------------------------------------------------------

  private boolean holding() {
    return release == Release.NONE;
  }

  /** True when the application's calls must not reach the container any more. */
  private boolean muted() {
    return release == Release.DETACHED || errorStatus >= 0;
  }

  /**
   * True when the container, without the filter, would have committed the response by now (the held
   * body outgrew its buffer): status and headers are then ignored and resets refused, exactly as
   * the application would see without the filter, though the body is still held.
   */
  private boolean frozen() {
    return muted() || pastContainerBuffer;
  }

  private void checkNotCommitted(String what) {
    if (holding() && pastContainerBuffer || muted()) {
      throw new IllegalStateException("Cannot " + what + " after the response is committed");
    }
  }

  private void noteHeld(int held) {
    if (!pastContainerBuffer) {
      if (containerBuffer < 0) {
        containerBuffer = real.getBufferSize();
      }
      pastContainerBuffer = held > containerBuffer;
    }
  }

  private void stepAside(Release why) throws IOException {
    if (!holding() || errorStatus >= 0) {
      return;
    }
    writeHeld();
    release = why;
    if (why != Release.FLUSH) {
      capturing = false;
      bytes = NO_BYTES;
      chars = NO_CHARS;
    }
  }

  private void writeHeld() throws IOException {
    if (declaredLength >= 0) {
      real.setContentLengthLong(declaredLength);
    }
    if (realStream != null && byteCount > 0) {
      realStream.write(bytes, 0, byteCount);
    } else if (realWriter != null && charCount > 0) {
      realWriter.write(chars, 0, charCount);
    }
  }

  private void checkStreaming() throws IOException {
    if (!streamChecked) {
      streamChecked = true;
      String type = real.getContentType();
      if (type != null && type.regionMatches(true, 0, "text/event-stream", 0, 17)) {
        stepAside(Release.STREAM);
      }
    }
  }

  private void holdBytes(byte[] b, int off, int len) throws IOException {
    checkStreaming();
    if (holding()) {
      if (byteCount + len <= cap) {
        bytes = grow(bytes, byteCount + len, declaredLength <= cap ? declaredLength : -1);
        System.arraycopy(b, off, bytes, byteCount, len);
        byteCount += len;
        noteHeld(byteCount);
        return;
      }
      stepAside(Release.CAP);
    }
    if (muted()) {
      return;
    }
    realStream.write(b, off, len);
    copy(b, off, len);
  }

  private void copy(byte[] b, int off, int len) {
    if (capturing) {
      if (byteCount + len > cap) {
        capturing = false;
        bytes = NO_BYTES;
        return;
      }
      bytes = grow(bytes, byteCount + len, -1);
      System.arraycopy(b, off, bytes, byteCount, len);
      byteCount += len;
    }
  }

  private void holdChars(char[] c, int off, int len) throws IOException {
    checkStreaming();
    if (holding()) {
      if (charCount + len <= cap) {
        chars = grow(chars, charCount + len);
        System.arraycopy(c, off, chars, charCount, len);
        charCount += len;
        noteHeld(charCount);
        return;
      }
      stepAside(Release.CAP);
    }
    if (muted()) {
      return;
    }
    realWriter.write(c, off, len);
    if (capturing) {
      if (charCount + len > cap) {
        capturing = false;
        chars = NO_CHARS;
        return;
      }
      chars = grow(chars, charCount + len);
      System.arraycopy(c, off, chars, charCount, len);
      charCount += len;
    }
  }

  /**
   * A flush while holding: deferred when nothing is held or the status is a failure (frameworks
   * flush early, and a failure may still be replaced); otherwise the application wants the bytes
   * out, so the wrapper steps aside.
   */
  private boolean flushHeld() throws IOException {
    if (holding()) {
      checkStreaming();
    }
    if (holding()) {
      if (byteCount + charCount == 0 || isFailure.test(real.getStatus())) {
        return false;
      }
      stepAside(Release.FLUSH);
    }
    return !muted();
  }

  /**
   * Grows to hold {@code needed} bytes: to the declared length at once when it is known. The first
   * buffer is this thread's spare when it is large enough.
   */
  private byte[] grow(byte[] array, int needed, long declared) {
    if (needed <= array.length) {
      return array;
    }
    if (array.length == 0 && guard == NoLock.INSTANCE) {
      byte[] spare = Scratch.take(Math.max(needed, declared));
      if (spare != null) {
        return spare;
      }
    }
    if (declared >= needed) {
      return Arrays.copyOf(array, (int) declared);
    }
    return Arrays.copyOf(array, Math.max(needed, Math.max(2048, array.length * 2)));
  }

  private static char[] grow(char[] array, int needed) {
    if (needed <= array.length) {
      return array;
    }
    return Arrays.copyOf(array, Math.max(needed, Math.max(2048, array.length * 2)));
  }

  private void clearHeld() {
    byteCount = 0;
    charCount = 0;
    declaredLength = -1;
  }

  // ---- Body
  // ---------------------------------------------------------------------------------------

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    guard.lock();
    try {
      if (stream == null) {
        if (writer != null) {
          throw new IllegalStateException("getWriter() has already been called");
        }
        if (release == Release.DETACHED) {
          stream = new HeldStream(null);
        } else {
          realStream = real.getOutputStream();
          stream = new HeldStream(realStream);
        }
      }
      return stream;
    } finally {
      guard.unlock();
    }
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    guard.lock();
    try {
      if (writer == null) {
        if (stream != null) {
          throw new IllegalStateException("getOutputStream() has already been called");
        }
        if (release != Release.DETACHED) {
          realWriter = real.getWriter();
          writerCharset = charset(real.getCharacterEncoding());
        }
        writer = new PrintWriter(new HeldWriter(), false);
      }
      return writer;
    } finally {
      guard.unlock();
    }
  }

  private static Charset charset(String name) {
    try {
      return name == null ? null : Charset.forName(name);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      return null;
    }
  }

  @Override
  public void flushBuffer() throws IOException {
    guard.lock();
    try {
      if (flushHeld()) {
        real.flushBuffer();
      }
    } finally {
      guard.unlock();
    }
  }

  @Override
  public void setContentLength(int len) {
    setContentLengthLong(len);
  }

  @Override
  public void setContentLengthLong(long len) {
    guard.lock();
    try {
      if (holding()) {
        // Declared to the container only when the body goes out: Jetty completes a response as
        // soon as the declared length is written.
        declaredLength = len;
      } else if (!muted()) {
        real.setContentLengthLong(len);
      }
    } finally {
      guard.unlock();
    }
  }

  @Override
  public void resetBuffer() {
    guard.lock();
    try {
      checkNotCommitted("reset the buffer");
      if (holding()) {
        byteCount = 0;
        charCount = 0;
      } else if (!muted()) {
        real.resetBuffer();
      }
    } finally {
      guard.unlock();
    }
  }

  @Override
  public void reset() {
    guard.lock();
    try {
      checkNotCommitted("reset");
      if (holding()) {
        clearHeld();
        real.reset();
        stream = null;
        writer = null;
        realStream = null;
        realWriter = null;
        writerCharset = null;
        streamChecked = false;
      } else if (!muted()) {
        real.reset();
      }
    } finally {
      guard.unlock();
    }
  }

  @Override
  public boolean isCommitted() {
    guard.lock();
    try {
      if (frozen()) {
        return true;
      }
      return real.isCommitted();
    } finally {
      guard.unlock();
    }
  }

  @Override
  public void sendError(int sc, String msg) throws IOException {
    sendErrorGuarded(sc, msg);
  }

  @Override
  public void sendError(int sc) throws IOException {
    sendErrorGuarded(sc, null);
  }

  private void sendErrorGuarded(int sc, String msg) throws IOException {
    guard.lock();
    try {
      checkNotCommitted("call sendError()");
      if (holding() && isFailure.test(sc)) {
        // Held like a committed error: the filter may still answer with a stored copy.
        clearHeld();
        errorStatus = sc;
        errorMessage = msg;
        return;
      }
      if (holding()) {
        clearHeld();
        release = Release.CONTAINER;
        capturing = false;
      }
      if (msg == null) {
        real.sendError(sc);
      } else {
        real.sendError(sc, msg);
      }
    } finally {
      guard.unlock();
    }
  }

  @Override
  public void sendRedirect(String location) throws IOException {
    guard.lock();
    try {
      checkNotCommitted("call sendRedirect()");
      if (holding()) {
        clearHeld();
        release = Release.CONTAINER;
        capturing = false;
      }
      real.sendRedirect(location);
    } finally {
      guard.unlock();
    }
  }

  // ---- Status and headers: to the container, unless muted ---------------------------------------

  /** The status and header calls that reach the container unless the response is frozen. */
  private enum HeaderCall {
    SET_STATUS,
    SET,
    ADD,
    SET_INT,
    ADD_INT,
    SET_DATE,
    ADD_DATE,
    CONTENT_TYPE,
    CHARACTER_ENCODING
  }

  private void headerCall(HeaderCall call, String name, String value, long number) {
    guard.lock();
    try {
      if (frozen()) {
        return;
      }
      boolean length = name != null && name.equalsIgnoreCase("Content-Length");
      if (holding() && length && call.compareTo(HeaderCall.ADD_INT) <= 0) {
        // Declared when the body goes out; see setContentLengthLong.
        declaredLength = value == null ? number : parseLength(value);
        return;
      }
      switch (call) {
        case SET_STATUS -> real.setStatus((int) number);
        case SET -> real.setHeader(name, value);
        case ADD -> real.addHeader(name, value);
        case SET_INT -> real.setIntHeader(name, (int) number);
        case ADD_INT -> real.addIntHeader(name, (int) number);
        case SET_DATE -> real.setDateHeader(name, number);
        case ADD_DATE -> real.addDateHeader(name, number);
        case CONTENT_TYPE -> real.setContentType(value);
        case CHARACTER_ENCODING -> real.setCharacterEncoding(value);
        default -> throw new AssertionError(call);
      }
    } finally {
      guard.unlock();
    }
  }

  @Override
  public void setStatus(int sc) {
    headerCall(HeaderCall.SET_STATUS, null, null, sc);
  }

  @Override
  public int getStatus() {
    guard.lock();
    try {
      return errorStatus >= 0 ? errorStatus : real.getStatus();
    } finally {
      guard.unlock();
    }
  }

  @Override
  public void setHeader(String name, String value) {
    headerCall(HeaderCall.SET, name, value, 0);
  }

  private static long parseLength(String value) {
    try {
      return value == null ? -1 : Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public void addHeader(String name, String value) {
    headerCall(HeaderCall.ADD, name, value, 0);
  }

  @Override
  public void setIntHeader(String name, int value) {
    headerCall(HeaderCall.SET_INT, name, null, value);
  }

  @Override
  public void addIntHeader(String name, int value) {
    headerCall(HeaderCall.ADD_INT, name, null, value);
  }

  @Override
  public void setDateHeader(String name, long date) {
    headerCall(HeaderCall.SET_DATE, name, null, date);
  }

  @Override
  public void addDateHeader(String name, long date) {
    headerCall(HeaderCall.ADD_DATE, name, null, date);
  }

  @Override
  public void setContentType(String type) {
    headerCall(HeaderCall.CONTENT_TYPE, null, type, 0);
  }

  @Override
  public void setCharacterEncoding(String charset) {
    headerCall(HeaderCall.CHARACTER_ENCODING, null, charset, 0);
  }

  @Override
  public void addCookie(Cookie cookie) {
    guard.lock();
    try {
      if (!frozen()) {
        real.addCookie(cookie);
      }
    } finally {
      guard.unlock();
    }
  }

  @Override
  public void setLocale(Locale loc) {
    guard.lock();
    try {
      if (!frozen()) {
        real.setLocale(loc);
      }
    } finally {
      guard.unlock();
    }
  }

  @Override
  public void setBufferSize(int size) {
    guard.lock();
    try {
      if (holding() && byteCount + charCount > 0 || frozen()) {
        throw new IllegalStateException("Cannot change the buffer size after writing content");
      }
      if (!muted()) {
        real.setBufferSize(size);
        containerBuffer = -1;
      }
    } finally {
      guard.unlock();
    }
  }

  @Override
  public String getHeader(String name) {
    guard.lock();
    try {
      if (holding() && declaredLength >= 0 && "Content-Length".equalsIgnoreCase(name)) {
        return Long.toString(declaredLength);
      }
      return real.getHeader(name);
    } finally {
      guard.unlock();
    }
  }

  @Override
  public boolean containsHeader(String name) {
    guard.lock();
    try {
      if (holding() && declaredLength >= 0 && "Content-Length".equalsIgnoreCase(name)) {
        return true;
      }
      return real.containsHeader(name);
    } finally {
      guard.unlock();
    }
  }

  private void flushThrough(Flushable container) throws IOException {
    guard.lock();
    try {
      if (container != null && flushHeld()) {
        container.flush();
      }
    } finally {
      guard.unlock();
    }
  }

  /** Closing ends the body; while held, the filter writes it when the chain returns. */
  private void closeThrough(Closeable container) throws IOException {
    guard.lock();
    try {
      if (container != null && !holding() && !muted()) {
        container.close();
      }
    } finally {
      guard.unlock();
    }
  }

  /** The body stream handed to the application. */
  private final class HeldStream extends ServletOutputStream {
    private final ServletOutputStream container;

    HeldStream(ServletOutputStream container) {
      this.container = container;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (off < 0 || len < 0 || off + len > b.length) {
        throw new IndexOutOfBoundsException("off: " + off + ", len: " + len);
      }
      guard.lock();
      try {
        if (container == null) {
          return;
        }
        holdBytes(b, off, len);
      } finally {
        guard.unlock();
      }
    }

    @Override
    public void flush() throws IOException {
      flushThrough(container);
    }

    @Override
    public void close() throws IOException {
      closeThrough(container);
    }

    @Override
    public boolean isReady() {
      return container == null || holding() || container.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      // Non-blocking output needs async, and async makes the wrapper step aside first.
      if (container != null) {
        container.setWriteListener(listener);
      }
    }
  }

  /** The characters behind the application's PrintWriter. */
  private final class HeldWriter extends Writer {
    @Override
    public void write(char[] c, int off, int len) throws IOException {
      guard.lock();
      try {
        if (realWriter == null) {
          return;
        }
        holdChars(c, off, len);
      } finally {
        guard.unlock();
      }
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
      guard.lock();
      try {
        if (realWriter != null
            && holding()
            && streamChecked
            && charCount + len <= cap
            && off >= 0
            && len >= 0) {
          // The common case copies straight from the String, without an intermediate array.
          chars = grow(chars, charCount + len);
          s.getChars(off, off + len, chars, charCount);
          charCount += len;
          noteHeld(charCount);
          return;
        }
      } finally {
        guard.unlock();
      }
      char[] c = new char[len];
      s.getChars(off, off + len, c, 0);
      write(c, 0, len);
    }

    @Override
    public void flush() throws IOException {
      flushThrough(realWriter);
    }

    @Override
    public void close() throws IOException {
      closeThrough(realWriter);
    }
  }
}
