/**
 * The {@code @batch} path: identical chat requests are deduplicated, queued per target and flushed
 * into OpenAI Batch API jobs (Files upload, batch creation, polling, results matched by
 * {@code custom_id}); each waiting caller gets its own answer. Job records live in
 * {@link dev.ogem.quota.StateStore}, so a restarted instance resumes polling. The one interface is
 * {@link dev.ogem.batch.BatchQueue}.
 */
module dev.ogem.batch {
    requires transitive dev.ogem.api;
    requires transitive dev.ogem.quota;
    requires io.helidon.webclient;
    requires io.helidon.webclient.http1;
    requires java.logging;

    exports dev.ogem.batch;
}
