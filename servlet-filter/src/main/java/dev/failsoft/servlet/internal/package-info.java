/**
 * The filter's moving parts: the buffering response wrapper, the translation of servlet requests
 * and responses into core's heads, and the writer of stored copies. Not API: anything here may
 * change without notice.
 */
package dev.failsoft.servlet.internal;
