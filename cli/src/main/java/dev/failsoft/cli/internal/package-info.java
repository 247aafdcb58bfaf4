/**
 * The subcommands of the {@code failsoft} command and what they share (output styles, JSON
 * envelopes, exit codes). Not API: it may change in any release.
 */
package dev.failsoft.cli.internal;
