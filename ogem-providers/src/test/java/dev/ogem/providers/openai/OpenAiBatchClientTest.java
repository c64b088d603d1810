package dev.ogem.providers.openai;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.api.ProviderException;
import dev.ogem.providers.OpenAiBatches;
import dev.ogem.providers.OpenAiBatches.Job;
import dev.ogem.providers.OpenAiBatches.Result;
import dev.ogem.providers.OpenAiBatches.State;
import dev.ogem.providers.testing.FakeBatchApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Files and Batches calls against a fake OpenAI Batch API on loopback. */
class OpenAiBatchClientTest {

    private final FakeBatchApi api = FakeBatchApi.start();
    private final OpenAiBatches batches = OpenAiBatches.create(api.baseUrl(), Optional.of("sk-test"));

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void uploadCreatePollAndReadTheResults() {
        String fileId = batches.upload("in.jsonl", List.of(line("ogem-1", "fine"), line("ogem-2", "please reject")));
        Job created = batches.createBatch(fileId);
        assertEquals(State.VALIDATING, created.state());
        Job job = created;
        while (!job.state().terminal()) {
            job = batches.batch(created.id());
        }
        assertEquals(State.COMPLETED, job.state());
        List<Result> results = new ArrayList<>();
        assertEquals(0, batches.results(job.outputFileId().orElseThrow(), results::add));
        assertEquals(0, batches.results(job.errorFileId().orElseThrow(), results::add));
        assertEquals(List.of("ogem-1", "ogem-2"), results.stream().map(Result::customId).sorted().toList());
        Result rejected = results.stream().filter(r -> r.customId().equals("ogem-2")).findFirst().orElseThrow();
        assertEquals(400, rejected.error().orElseThrow().status());
        assertEquals(List.of(), api.violations());
        assertEquals(2, api.created().getFirst().lines().size());
        assertTrue(api.calls().stream().allMatch(c -> c.authorization().equals("Bearer sk-test")
                && c.path().startsWith("/v1/") && !c.path().startsWith("/v1/v1")), api.calls().toString());
    }

    @Test
    void metadataGoesWithTheBatchAndTheListFindsItNewestFirst() {
        String first = batches.upload("a.jsonl", List.of(line("ogem-1", "a")));
        String second = batches.upload("b.jsonl", List.of(line("ogem-2", "b")));
        String third = batches.upload("c.jsonl", List.of(line("ogem-3", "c")));
        Job a = batches.createBatch(first, Map.of("ogem_job", "job-a"));
        Job b = batches.createBatch(second);
        Job c = batches.createBatch(third, Map.of("ogem_job", "job-c", "team", "search"));
        assertEquals(Map.of("ogem_job", "job-a"), a.metadata());
        assertEquals(first, a.inputFileId());
        assertTrue(a.createdAt().isBefore(c.createdAt()));

        OpenAiBatches.Page page = batches.batches(Optional.empty(), 2);
        assertEquals(List.of(c.id(), b.id()), page.data().stream().map(Job::id).toList());
        assertTrue(page.hasMore());
        assertEquals(Map.of("ogem_job", "job-c", "team", "search"), page.data().getFirst().metadata());
        assertEquals(Map.of(), page.data().get(1).metadata());
        OpenAiBatches.Page rest = batches.batches(page.lastId(), 2);
        assertEquals(List.of(a.id()), rest.data().stream().map(Job::id).toList());
        assertFalse(rest.hasMore());
        assertEquals(first, rest.data().getFirst().inputFileId());
        assertEquals(List.of(), api.violations());
        assertTrue(api.calls().stream().anyMatch(c2 -> c2.method().equals("GET") && c2.path().equals("/v1/batches")));
    }

    @Test
    void metadataAndLimitOutsideTheSpecAreRefusedBeforeAnyCall() {
        assertThrows(IllegalArgumentException.class, () -> batches.createBatch("file-1", Map.of("k".repeat(65), "v")));
        assertThrows(IllegalArgumentException.class, () -> batches.createBatch("file-1", Map.of("k", "v".repeat(513))));
        assertThrows(IllegalArgumentException.class, () -> batches.batches(Optional.empty(), 101));
        assertThrows(IllegalArgumentException.class, () -> batches.batches(Optional.empty(), 0));
        assertEquals(List.of(), api.calls());
    }

    @Test
    void aFailedListIsRetryable() {
        api.listStatus(503);
        ProviderException failed = assertThrows(ProviderException.class, () -> batches.batches(Optional.empty(), 10));
        assertTrue(failed.retryable());
        assertTrue(failed.getMessage().startsWith("Listing the batches failed"), failed.getMessage());
    }

    @Test
    void aFailedUploadIsRetryableAndSaysWhatFailed() {
        api.uploadStatus(500);
        ProviderException failed = assertThrows(ProviderException.class,
                () -> batches.upload("in.jsonl", List.of(line("ogem-1", "x"))));
        assertTrue(failed.retryable());
        assertTrue(failed.getMessage().startsWith("Uploading the batch input file failed"), failed.getMessage());
    }

    @Test
    void anUnknownBatchIsA404Rejection() {
        ProviderException unknown = assertThrows(ProviderException.class, () -> batches.batch("batch_nope"));
        assertEquals(ProviderException.Kind.REJECTED, unknown.kind());
        assertEquals(404, unknown.status());
    }

    @Test
    void anUnreachableEndpointIsRetryable() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0)) {
            port = closed.getLocalPort();
        }
        OpenAiBatches nowhere = OpenAiBatches.create(URI.create("http://127.0.0.1:" + port + "/v1"), Optional.empty());
        ProviderException down = assertThrows(ProviderException.class, () -> nowhere.batch("batch_1"));
        assertEquals(ProviderException.Kind.UNREACHABLE, down.kind());
        assertTrue(down.retryable());
    }

    private static byte[] line(String customId, String prompt) {
        ObjectNode line = JsonNodeFactory.instance.objectNode().put("custom_id", customId).put("method", "POST")
                .put("url", OpenAiBatches.CHAT_COMPLETIONS);
        ObjectNode body = line.putObject("body").put("model", "gpt-4o");
        body.putArray("messages").addObject().put("role", "user").put("content", prompt);
        return line.toString().getBytes(StandardCharsets.UTF_8);
    }
}
