/**
 * Failsoft's internals shared between its modules. Not an API: anything here may change or
 * disappear in any release.
 */
package dev.failsoft.internal;
