/** Internals of {@link dev.failsoft.policy}; not API, may change in any release. */
package dev.failsoft.policy.internal;
