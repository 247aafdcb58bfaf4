/**
 * Settings written as text — servlet init-params, command-line options, application properties —
 * read with one grammar: {@link dev.failsoft.config.SettingValues}. Each adapter maps its setting
 * names onto its builders; the value forms (durations, sizes, status lists, switches, counts,
 * fractions, lists of rules) and the wording of their errors are defined once, here.
 */
@NullMarked
package dev.failsoft.config;

import org.jspecify.annotations.NullMarked;
