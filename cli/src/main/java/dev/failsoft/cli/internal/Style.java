package dev.failsoft.cli.internal;

/** ANSI styles for human output, switched off entirely when output is not a terminal. */
final class Style {
  private final boolean on;

  Style(boolean on) {
    this.on = on;
  }

  String bad(String s) {
    return wrap("31;1", s);
  }

  String good(String s) {
    return wrap("32", s);
  }

  String warn(String s) {
    return wrap("33", s);
  }

  String bold(String s) {
    return wrap("1", s);
  }

  String dim(String s) {
    return wrap("2", s);
  }

  /** Colours a status code by class: 2xx/3xx good, 4xx warning, 5xx bad. */
  String status(int status) {
    String s = Integer.toString(status);
    return status >= 500 ? bad(s) : status >= 400 ? warn(s) : good(s);
  }

  private String wrap(String code, String s) {
    return on ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
  }
}
