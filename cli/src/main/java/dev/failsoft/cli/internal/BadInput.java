package dev.failsoft.cli.internal;

/**
 * Input a command cannot use (a file that is not an HTTP response, an unreadable path, a bad URL):
 * reported as one line on stderr with exit code 2, never as a stack trace.
 */
final class BadInput extends RuntimeException {
  BadInput(String message) {
    super(message, null, false, false);
  }
}
