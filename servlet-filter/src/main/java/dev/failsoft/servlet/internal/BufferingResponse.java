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
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.Optional;
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
 * <p>The body itself lives in a {@link HeldBody}, and whether it is still held in a {@link
 * ReleaseState}; this class translates the servlet calls into theirs.
 *
 * <p>Not thread-safe, as servlet responses are not, except in guarded mode (soft deadline, see
 * {@link #wrap}): then a {@link GuardedBufferingResponse} takes a lock around every method so that
 * {@link #detach} from another thread is safe, and after it the application's calls touch nothing
 * of the container's response.
 */
public sealed class BufferingResponse extends HttpServletResponseWrapper
    permits GuardedBufferingResponse {

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

  private final HttpServletResponse real;
  private final IntPredicate isFailure;
  private final HeldBody held;
  private final ReleaseState state = new ReleaseState();

  private ServletOutputStream realStream;
  private PrintWriter realWriter;
  private HeldStream stream;
  private PrintWriter writer;
  private long declaredLength = -1;
  private boolean streamChecked;
  private int containerBuffer = -1;

  BufferingResponse(HttpServletResponse real, int cap, IntPredicate isFailure, boolean pooled) {
    super(real);
    this.real = real;
    this.isFailure = isFailure;
    this.held = new HeldBody(cap, pooled);
  }

  /**
   * Wraps the container's response.
   *
   * @param real the container's response
   * @param cap the most body bytes (characters, for a writer) held before stepping aside
   * @param isFailure which statuses the route counts as failure (their flushes are deferred)
   * @param guarded whether another thread may {@link #detach} this response (every call is then
   *     taken under a lock)
   * @return a new wrapper
   */
  public static BufferingResponse wrap(
      HttpServletResponse real, int cap, IntPredicate isFailure, boolean guarded) {
    return guarded
        ? new GuardedBufferingResponse(real, cap, isFailure)
        : new BufferingResponse(real, cap, isFailure, true);
  }

  // ---- What the filter asks -------------------------------------------------------------------

  /** Returns why the body stopped being held, or {@link Release#NONE}. */
  public Release release() {
    return state.release();
  }

  /** Returns whether the body is still held: the response may still be replaced. */
  public boolean holding() {
    return state.holding();
  }

  /** Returns whether the response was answered from elsewhere ({@link #detach}). */
  public boolean detached() {
    return state.detached();
  }

  /** Returns the status the application ended with, including one given to sendError. */
  public int status() {
    return state.errorHeld() ? state.errorStatus() : real.getStatus();
  }

  /**
   * Returns a read-only view of the whole body if it was all seen (held or copied). The view is
   * valid until {@link #recycle}; whoever keeps the bytes longer must copy them.
   */
  public Optional<ByteBuffer> body() {
    return held.bytes();
  }

  /**
   * Keeps the hold buffer for the next response on this thread and forgets it, so that pages the
   * store does not keep cost no allocation. Call it once, when the request is over and no other
   * thread can write to this response (not in guarded mode, not after async).
   */
  public void recycle() {
    held.recycle();
  }

  /** Returns the first bytes of the held body (for diagnosing a failure), possibly empty. */
  public byte[] bodyPrefix(int max) {
    return held.prefix(max);
  }

  /** Acquires the lock of guarded mode; a no-op otherwise. */
  public void lock() {}

  /** Releases the lock of guarded mode; a no-op otherwise. */
  public void unlock() {}

  /**
   * Writes what is held through to the container and stops holding (the chain ended well, or its
   * failure is to pass through). After a failure {@code sendError}, sends it to the container.
   *
   * @return whether the whole body went out through this wrapper (held until now, or flushed on
   *     purpose and copied since), so that it may be offered for storage
   */
  public boolean complete() throws IOException {
    if (state.holding()) {
      if (state.errorHeld()) {
        state.toContainer();
        sendErrorToContainer(state.errorStatus(), state.errorMessage());
      } else {
        writeHeld();
        state.complete();
      }
    }
    return state.delivered();
  }

  /**
   * Forgets everything the application wrote so that the caller can answer from elsewhere; the
   * container's response is reset (status, headers, writer state) and later calls from the
   * application touch nothing. Returns false, doing nothing, when the response is no longer held or
   * the container has committed it.
   */
  public boolean detach() {
    if (!state.holding() || real.isCommitted()) {
      return false;
    }
    state.detach();
    held.drop();
    real.reset();
    return true;
  }

  /** Steps aside because the request went async: what is held goes out now, the rest flows. */
  public void goingAsync() throws IOException {
    stepAside(Release.ASYNC);
  }

  // ---- Holding and releasing --------------------------------------------------------------------

  private void checkNotCommitted(String what) {
    if (state.committedForApplication()) {
      throw new IllegalStateException("Cannot " + what + " after the response is committed");
    }
  }

  private void noteHeld() {
    if (!state.pastContainerBuffer()) {
      if (containerBuffer < 0) {
        containerBuffer = real.getBufferSize();
      }
      if (held.size() > containerBuffer) {
        state.passContainerBuffer();
      }
    }
  }

  private void stepAside(Release why) throws IOException {
    if (!state.canStepAside()) {
      return;
    }
    writeHeld();
    state.stepAside(why);
    if (why != Release.FLUSH) {
      held.drop();
    }
  }

  private void writeHeld() throws IOException {
    if (declaredLength >= 0) {
      real.setContentLengthLong(declaredLength);
    }
    if (held.size() > 0) {
      toContainer(held.array(), 0, held.size());
    }
  }

  /** Writes bytes to the container's stream, characters to its writer. */
  private void toContainer(Object source, int off, int len) throws IOException {
    if (source instanceof byte[] bytes) {
      if (realStream != null) {
        realStream.write(bytes, off, len);
      }
    } else if (realWriter != null) {
      realWriter.write((char[]) source, off, len);
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

  /**
   * The application's body writes, bytes or characters: held while they fit, else written through
   * (and copied for the store).
   *
   * @param source a {@code byte[]} from the stream or a {@code char[]} from the writer
   */
  void writeBody(Object source, int off, int len) throws IOException {
    if (source instanceof byte[] ? realStream == null : realWriter == null) {
      return; // obtained after detach: nothing reaches the container
    }
    checkStreaming();
    if (state.holding()) {
      if (held.hold(source, off, len, declaredLength)) {
        noteHeld();
        return;
      }
      stepAside(Release.CAP);
    }
    if (state.muted()) {
      return;
    }
    toContainer(source, off, len);
    held.copy(source, off, len);
  }

  /**
   * Holds characters straight from a String, the writer's common case; false when the general path
   * must take them.
   */
  boolean holdString(String s, int off, int len) {
    if (realWriter != null
        && state.holding()
        && streamChecked
        && off >= 0
        && len >= 0
        && held.hold(s, off, len)) {
      noteHeld();
      return true;
    }
    return false;
  }

  /**
   * A flush while holding: deferred when nothing is held or the status is a failure (frameworks
   * flush early, and a failure may still be replaced); otherwise the application wants the bytes
   * out, so the wrapper steps aside.
   */
  private boolean flushHeld() throws IOException {
    if (state.holding()) {
      checkStreaming();
    }
    if (state.holding()) {
      if (held.size() == 0 || isFailure.test(real.getStatus())) {
        return false;
      }
      stepAside(Release.FLUSH);
    }
    return !state.muted();
  }

  void flushThrough(Flushable container) throws IOException {
    if (container != null && flushHeld()) {
      container.flush();
    }
  }

  /** Closing ends the body; while held, the filter writes it when the chain returns. */
  void closeThrough(Closeable container) throws IOException {
    if (container != null && !state.holding() && !state.muted()) {
      container.close();
    }
  }

  private void clearHeld() {
    held.clear();
    declaredLength = -1;
  }

  private void sendErrorToContainer(int sc, String msg) throws IOException {
    if (msg == null) {
      real.sendError(sc);
    } else {
      real.sendError(sc, msg);
    }
  }

  // ---- Body -------------------------------------------------------------------------------------

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    if (stream == null) {
      if (writer != null) {
        throw new IllegalStateException("getWriter() has already been called");
      }
      if (state.detached()) {
        stream = new HeldStream(null);
      } else {
        realStream = real.getOutputStream();
        held.useBytes();
        stream = new HeldStream(realStream);
      }
    }
    return stream;
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    if (writer == null) {
      if (stream != null) {
        throw new IllegalStateException("getOutputStream() has already been called");
      }
      if (!state.detached()) {
        realWriter = real.getWriter();
        held.useChars(charset(real.getCharacterEncoding()));
      }
      writer = new PrintWriter(new HeldWriter(), false);
    }
    return writer;
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
    if (flushHeld()) {
      real.flushBuffer();
    }
  }

  @Override
  public void setContentLength(int len) {
    setContentLengthLong(len);
  }

  @Override
  public void setContentLengthLong(long len) {
    if (state.holding()) {
      // Declared to the container only when the body goes out: Jetty completes a response as
      // soon as the declared length is written.
      declaredLength = len;
    } else if (!state.muted()) {
      real.setContentLengthLong(len);
    }
  }

  @Override
  public void resetBuffer() {
    checkNotCommitted("reset the buffer");
    if (state.holding()) {
      held.clear();
    } else if (!state.muted()) {
      real.resetBuffer();
    }
  }

  @Override
  public void reset() {
    checkNotCommitted("reset");
    if (state.holding()) {
      clearHeld();
      real.reset();
      stream = null;
      writer = null;
      realStream = null;
      realWriter = null;
      streamChecked = false;
    } else if (!state.muted()) {
      real.reset();
    }
  }

  @Override
  public boolean isCommitted() {
    return state.frozen() || real.isCommitted();
  }

  @Override
  public void sendError(int sc, String msg) throws IOException {
    sendErrorHeld(sc, msg);
  }

  @Override
  public void sendError(int sc) throws IOException {
    sendErrorHeld(sc, null);
  }

  private void sendErrorHeld(int sc, String msg) throws IOException {
    checkNotCommitted("call sendError()");
    if (state.holding() && isFailure.test(sc)) {
      // Held like a committed error: the filter may still answer with a stored copy.
      clearHeld();
      state.holdError(sc, msg);
      return;
    }
    if (state.holding()) {
      clearHeld();
      state.toContainer();
      held.drop();
    }
    sendErrorToContainer(sc, msg);
  }

  @Override
  public void sendRedirect(String location) throws IOException {
    checkNotCommitted("call sendRedirect()");
    if (state.holding()) {
      clearHeld();
      state.toContainer();
      held.drop();
    }
    real.sendRedirect(location);
  }

  // ---- Status and headers: to the container, unless frozen --------------------------------------

  /** The status and header calls that reach the container unless the response is frozen. */
  enum HeaderCall {
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

  void headerCall(HeaderCall call, String name, String value, long number) {
    if (state.frozen()) {
      return;
    }
    boolean length = name != null && name.equalsIgnoreCase("Content-Length");
    if (state.holding() && length && call.compareTo(HeaderCall.ADD_INT) <= 0) {
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
  }

  private static long parseLength(String value) {
    try {
      return value == null ? -1 : Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public void setStatus(int sc) {
    headerCall(HeaderCall.SET_STATUS, null, null, sc);
  }

  @Override
  public int getStatus() {
    return status();
  }

  @Override
  public void setHeader(String name, String value) {
    headerCall(HeaderCall.SET, name, value, 0);
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
    if (!state.frozen()) {
      real.addCookie(cookie);
    }
  }

  @Override
  public void setLocale(Locale loc) {
    if (!state.frozen()) {
      real.setLocale(loc);
    }
  }

  @Override
  public void setBufferSize(int size) {
    if (state.holding() && held.size() > 0 || state.frozen()) {
      throw new IllegalStateException("Cannot change the buffer size after writing content");
    }
    if (!state.muted()) {
      real.setBufferSize(size);
      containerBuffer = -1;
    }
  }

  @Override
  public String getHeader(String name) {
    if (state.holding() && declaredLength >= 0 && "Content-Length".equalsIgnoreCase(name)) {
      return Long.toString(declaredLength);
    }
    return real.getHeader(name);
  }

  @Override
  public boolean containsHeader(String name) {
    if (state.holding() && declaredLength >= 0 && "Content-Length".equalsIgnoreCase(name)) {
      return true;
    }
    return real.containsHeader(name);
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
      if (container != null) {
        writeBody(b, off, len);
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
      return container == null || state.holding() || container.isReady();
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
      writeBody(c, off, len);
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
      if (holdString(s, off, len)) {
        return;
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
