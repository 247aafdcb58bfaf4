package dev.failsoft.servlet.internal;

import dev.failsoft.http.ResponseHead;
import java.nio.ByteBuffer;

/**
 * A stored response core allows to be served now, with its marks already applied.
 *
 * @param head the stored status and headers, with core's {@code Age} and {@code Cache-Status}
 * @param body a read-only view of the stored body (empty for a stored HEAD response)
 * @param ageSeconds the copy's current age, for the banner
 */
public record StaleCopy(ResponseHead head, ByteBuffer body, long ageSeconds) {}
