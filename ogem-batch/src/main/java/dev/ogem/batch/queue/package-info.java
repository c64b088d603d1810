/** The queue behind {@link dev.ogem.batch.BatchQueue}: dedup, flushing, polling, job records, waiters. */
package dev.ogem.batch.queue;
