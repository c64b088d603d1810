/** The queue behind {@link dev.ogem.batch.BatchQueue}: dedup, flushes, polls, results by custom_id, job records. */
package dev.ogem.batch.queue;
