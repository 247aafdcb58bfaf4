package dev.failsoft.cli.internal;

import java.io.InputStream;
import java.io.PrintWriter;

/**
 * Where a command reads and writes: standard input, output and error, and whether they are a
 * terminal (colours and progress bars only then).
 *
 * @param in standard input, read by {@code -} arguments
 * @param out results
 * @param err errors, progress and chatter that must not mix with results
 * @param terminal true when the process runs on an interactive terminal
 */
public record Io(InputStream in, PrintWriter out, PrintWriter err, boolean terminal) {}
