/**
 * Live config reload: the config in force and what is built from it ({@link dev.ogem.server.reload.Generation}),
 * swapped atomically when a new valid config arrives ({@link dev.ogem.server.reload.Generations}), and what makes
 * one arrive: a watched file ({@link dev.ogem.server.reload.FileWatch}), a polled URL
 * ({@link dev.ogem.server.reload.UrlPoll}) or a signal. Requests take the current generation once and finish on it;
 * what outlives generations (the state store, the batch queue, endpoint health) is shared, not rebuilt.
 */
package dev.ogem.server.reload;
