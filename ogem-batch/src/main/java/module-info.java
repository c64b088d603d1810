/**
 * The {@code @batch} path: identical chat requests are deduplicated, queued per target and flushed
 * into OpenAI Batch API jobs, which are polled until their results come back and are matched to their
 * requests by {@code custom_id}; each waiting caller gets its own answer. The Files and Batches calls
 * themselves are OpenAI protocol and live in ogem-providers ({@link dev.ogem.providers.OpenAiBatches}).
 * Job records live in {@link dev.ogem.quota.StateStore}, so a restarted instance resumes polling. The one
 * interface is {@link dev.ogem.batch.BatchQueue}.
 */
module dev.ogem.batch {
    requires transitive dev.ogem.api;
    requires transitive dev.ogem.quota;
    requires transitive dev.ogem.providers;
    requires java.logging;

    exports dev.ogem.batch;
}
