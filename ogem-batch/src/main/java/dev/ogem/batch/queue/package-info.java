/** The queue behind {@link dev.ogem.batch.BatchQueue}: dedup, flushing, polling, results by custom_id, job records, waiters. */
package dev.ogem.batch.queue;
