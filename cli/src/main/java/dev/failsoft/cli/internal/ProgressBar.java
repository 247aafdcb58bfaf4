package dev.failsoft.cli.internal;

import java.io.PrintWriter;

/**
 * A one-line progress bar redrawn in place on stderr ({@code \r}), for large inputs on a terminal
 * only; {@link #finish()} erases it so results are not mixed with it.
 */
final class ProgressBar {
  private static final int WIDTH = 30;

  private final PrintWriter err;
  private boolean drawn;

  ProgressBar(PrintWriter err) {
    this.err = err;
  }

  /** Draws {@code done} of {@code total} bytes; a negative total draws the count alone. */
  void update(long done, long total) {
    StringBuilder b = new StringBuilder("\r");
    if (total > 0) {
      int filled = (int) Math.min(WIDTH, done * WIDTH / total);
      b.append('[')
          .append("#".repeat(filled))
          .append(" ".repeat(WIDTH - filled))
          .append("] ")
          .append(Math.min(100, done * 100 / total))
          .append("% ");
      b.append(mib(done)).append(" / ").append(mib(total)).append(" MiB");
    } else {
      b.append("read ").append(mib(done)).append(" MiB");
    }
    err.print(b);
    err.flush();
    drawn = true;
  }

  /** Erases the bar, if it was drawn. */
  void finish() {
    if (drawn) {
      err.print("\r" + " ".repeat(WIDTH + 40) + "\r");
      err.flush();
    }
  }

  private static String mib(long bytes) {
    return String.format("%.1f", bytes / 1048576.0);
  }
}
