/** The classifiers and the remedy catalogue behind {@link dev.failsoft.diagnosis.Diagnoser}. */
package dev.failsoft.diagnosis.internal;
