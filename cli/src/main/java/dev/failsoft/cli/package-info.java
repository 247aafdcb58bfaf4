/**
 * The {@code failsoft} command line: {@link dev.failsoft.cli.FailsoftCli} is its entry point. The
 * subcommands and their output live in {@code dev.failsoft.cli.internal}.
 */
package dev.failsoft.cli;
