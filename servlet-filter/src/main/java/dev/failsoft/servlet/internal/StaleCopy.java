package dev.failsoft.servlet.internal;

import dev.failsoft.http.ResponseHead;

/**
 * A stored response that core allows to be served now, with the numbers its marks need.
 *
 * @param head the stored status and headers (never-replayed fields already removed)
 * @param body the stored body (empty for a stored HEAD response)
 * @param ageSeconds the copy's current age, for {@code Age}
 * @param ttlSeconds remaining freshness, negative when stale, for {@code Cache-Status ttl}
 */
public record StaleCopy(ResponseHead head, byte[] body, long ageSeconds, long ttlSeconds) {}
