package dev.failsoft.servlet.internal;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntPredicate;

/**
 * A {@link BufferingResponse} that another thread may {@link #detach} (the soft deadline's timer):
 * every call that reads or changes the wrapper's state runs under one reentrant lock, which the
 * filter also takes around its own sequence of calls ({@link #lock}, {@link #unlock}). The
 * unguarded wrapper, the common case, pays for no lock at all.
 *
 * <p>Its body never comes from or goes back to the thread's {@link Scratch}: the timer thread may
 * still be writing a stored copy when the request thread ends.
 */
@SuppressWarnings("try") // the resource only releases the lock; the body need not name it
final class GuardedBufferingResponse extends BufferingResponse {
  private final ReentrantLock guard = new ReentrantLock();
  private final Locked unlocker = guard::unlock;

  GuardedBufferingResponse(HttpServletResponse real, int cap, IntPredicate isFailure) {
    super(real, cap, isFailure, false);
  }

  /** Releases the lock when a try-with-resources block ends. */
  private interface Locked extends AutoCloseable {
    @Override
    void close();
  }

  private Locked locked() {
    guard.lock();
    return unlocker;
  }

  @Override
  public void lock() {
    guard.lock();
  }

  @Override
  public void unlock() {
    guard.unlock();
  }

  @Override
  public boolean complete() throws IOException {
    try (Locked locked = locked()) {
      return super.complete();
    }
  }

  @Override
  public boolean detach() {
    try (Locked locked = locked()) {
      return super.detach();
    }
  }

  @Override
  public void goingAsync() throws IOException {
    try (Locked locked = locked()) {
      super.goingAsync();
    }
  }

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    try (Locked locked = locked()) {
      return super.getOutputStream();
    }
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    try (Locked locked = locked()) {
      return super.getWriter();
    }
  }

  @Override
  public void flushBuffer() throws IOException {
    try (Locked locked = locked()) {
      super.flushBuffer();
    }
  }

  @Override
  public void setContentLengthLong(long len) {
    try (Locked locked = locked()) {
      super.setContentLengthLong(len);
    }
  }

  @Override
  public void resetBuffer() {
    try (Locked locked = locked()) {
      super.resetBuffer();
    }
  }

  @Override
  public void reset() {
    try (Locked locked = locked()) {
      super.reset();
    }
  }

  @Override
  public boolean isCommitted() {
    try (Locked locked = locked()) {
      return super.isCommitted();
    }
  }

  @Override
  public void sendError(int sc, String msg) throws IOException {
    try (Locked locked = locked()) {
      super.sendError(sc, msg);
    }
  }

  @Override
  public void sendError(int sc) throws IOException {
    try (Locked locked = locked()) {
      super.sendError(sc);
    }
  }

  @Override
  public void sendRedirect(String location) throws IOException {
    try (Locked locked = locked()) {
      super.sendRedirect(location);
    }
  }

  @Override
  void headerCall(HeaderCall call, String name, String value, long number) {
    try (Locked locked = locked()) {
      super.headerCall(call, name, value, number);
    }
  }

  @Override
  public int getStatus() {
    try (Locked locked = locked()) {
      return super.getStatus();
    }
  }

  @Override
  public void addCookie(Cookie cookie) {
    try (Locked locked = locked()) {
      super.addCookie(cookie);
    }
  }

  @Override
  public void setLocale(Locale loc) {
    try (Locked locked = locked()) {
      super.setLocale(loc);
    }
  }

  @Override
  public void setBufferSize(int size) {
    try (Locked locked = locked()) {
      super.setBufferSize(size);
    }
  }

  @Override
  public String getHeader(String name) {
    try (Locked locked = locked()) {
      return super.getHeader(name);
    }
  }

  @Override
  public boolean containsHeader(String name) {
    try (Locked locked = locked()) {
      return super.containsHeader(name);
    }
  }

  @Override
  void writeBody(Object source, int off, int len) throws IOException {
    try (Locked locked = locked()) {
      super.writeBody(source, off, len);
    }
  }

  @Override
  boolean holdString(String s, int off, int len) {
    try (Locked locked = locked()) {
      return super.holdString(s, off, len);
    }
  }

  @Override
  void flushThrough(Flushable container) throws IOException {
    try (Locked locked = locked()) {
      super.flushThrough(container);
    }
  }

  @Override
  void closeThrough(Closeable container) throws IOException {
    try (Locked locked = locked()) {
      super.closeThrough(container);
    }
  }
}
