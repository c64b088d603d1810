/**
 * The gateway's shared coarse timer ({@link dev.ogem.api.timing.Watchdog}), exported only to ogem's own modules.
 */
package dev.ogem.api.timing;
