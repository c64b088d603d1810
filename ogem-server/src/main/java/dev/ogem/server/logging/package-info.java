/**
 * ogem's own java.util.logging set-up: one line per record, as text for a person or JSON for a collector, to
 * standard error, with levels from the environment ({@link dev.ogem.server.config.LogSettings}).
 */
package dev.ogem.server.logging;
