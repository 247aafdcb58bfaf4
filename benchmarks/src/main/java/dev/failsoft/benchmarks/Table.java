package dev.failsoft.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A Markdown table printed by a benchmark: a title, column names and rows of already formatted
 * cells. Printed as Markdown so that a run's output can be pasted into {@code BENCHMARKS.md} as is.
 * Not thread-safe.
 */
public final class Table {
  private final String title;
  private final List<String> columns;
  private final List<List<String>> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  /** A table called {@code title} with the given column names. */
  public Table(String title, String... columns) {
    this.title = title;
    this.columns = List.of(columns);
  }

  /** Adds one row; missing cells print empty, extra cells are an error. */
  public Table row(Object... cells) {
    if (cells.length > columns.size()) {
      throw new IllegalArgumentException(
          "cells: " + cells.length + " (expected: <= " + columns.size() + ")");
    }
    List<String> row = new ArrayList<>();
    for (Object cell : cells) {
      row.add(String.valueOf(cell));
    }
    while (row.size() < columns.size()) {
      row.add("");
    }
    rows.add(row);
    return this;
  }

  /** Adds a line printed under the table (a target, a skip reason, a caveat). */
  public Table note(String note) {
    notes.add(note);
    return this;
  }

  /** Prints the table as Markdown. */
  public void print(PrintStream out) {
    StringBuilder sb = new StringBuilder();
    sb.append("\n### ").append(title).append("\n\n");
    line(sb, columns);
    sb.append('|');
    for (int i = 0; i < columns.size(); i++) {
      sb.append("---|");
    }
    sb.append('\n');
    for (List<String> row : rows) {
      line(sb, row);
    }
    for (String note : notes) {
      sb.append("\n").append(note).append('\n');
    }
    out.print(sb);
    out.flush();
  }

  private static void line(StringBuilder sb, List<String> cells) {
    sb.append('|');
    for (String cell : cells) {
      sb.append(' ').append(cell.replace("|", "\\|")).append(" |");
    }
    sb.append('\n');
  }

  /** Formats a ratio with two decimals, or "n/a" when the denominator is not positive. */
  public static String ratio(double numerator, double denominator) {
    if (!(denominator > 0) || Double.isNaN(numerator)) {
      return "n/a";
    }
    return String.format("%.2f", numerator / denominator);
  }

  /** Formats {@code value} with {@code digits} decimals. */
  public static String num(double value, int digits) {
    return String.format("%." + digits + "f", value);
  }

  /** Formats a byte count in MiB with two decimals. */
  public static String mib(long bytes) {
    return num(bytes / 1048576.0, 2) + " MiB";
  }

  /** "meets" or "MISSES" for a target, so that a miss stands out in the output. */
  public static String verdict(boolean met) {
    return met ? "meets" : "MISSES";
  }
}
