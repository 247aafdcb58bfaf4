/**
 * The per-format log parsers behind {@link dev.failsoft.diagnosis.logs.LogFormats}, and the
 * scanning helpers they share. Not for users: this package may change without notice.
 */
package dev.failsoft.diagnosis.logs.internal;
