/** The {@code @batch} queue: {@link dev.ogem.batch.BatchQueue} and the records it takes and reports. */
package dev.ogem.batch;
