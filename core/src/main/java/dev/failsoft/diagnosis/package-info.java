/**
 * Diagnosis of upstream failures: {@link dev.failsoft.diagnosis.Diagnoser} turns an exception or a
 * failure response into a {@link dev.failsoft.diagnosis.Diagnosis} — what failed ({@link
 * dev.failsoft.diagnosis.FailureKind}), how far the exchange got ({@link
 * dev.failsoft.diagnosis.Phase}), which hop produced it ({@link dev.failsoft.diagnosis.Responder}),
 * the likely causes, the remedies, and whether a retry is safe.
 *
 * <p>Null-marked: no parameter or return value of this package is null unless it says so.
 */
@NullMarked
package dev.failsoft.diagnosis;

import org.jspecify.annotations.NullMarked;
