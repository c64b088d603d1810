package dev.ogem.routing;

import dev.ogem.api.CallerException;
import dev.ogem.api.Catalog;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The model chain of each {@code model} string callers send, resolved against the catalog once and
 * kept: the catalog does not change while a router lives, and most callers send a handful of model
 * names, so parsing, matching and the batch split leave the request path. Callers choose the strings, so
 * what is kept is bounded: at most {@value #MAX_KEPT} strings of at most {@value #MAX_KEPT_LENGTH} characters
 * each; longer ones (up to {@link ModelQuery#MAX_MODEL_LENGTH}) and any past the count are resolved on every
 * request. An unknown model is never kept: it fails every time with the same error.
 */
final class Chains {

    static final int MAX_KEPT = 1024;
    static final int MAX_KEPT_LENGTH = 128;

    private final Catalog catalog;
    private final BatchCalls batch;
    private final ConcurrentMap<String, List<Link>> kept = new ConcurrentHashMap<>();

    Chains(Catalog catalog, BatchCalls batch) {
        this.catalog = catalog;
        this.batch = batch;
    }

    /**
     * The chain for a model string.
     *
     * @throws CallerException {@code model_not_found} when an entry matches nothing
     */
    List<Link> of(String model) {
        List<Link> chain = kept.get(model);
        if (chain == null) {
            chain = resolve(model);
            if (model.length() <= MAX_KEPT_LENGTH && kept.size() < MAX_KEPT) {
                kept.putIfAbsent(model, chain);
            }
        }
        return chain;
    }

    /** How many model strings are kept. */
    int keptCount() {
        return kept.size();
    }

    /** The length of the longest model string kept, 0 when none is. */
    int longestKept() {
        return kept.keySet().stream().mapToInt(String::length).max().orElse(0);
    }

    private List<Link> resolve(String model) {
        return ModelQuery.parseChain(model).stream().map(query -> {
            List<Candidate> candidates = Candidate.matching(catalog, query);
            if (candidates.isEmpty()) {
                throw CallerException.modelNotFound(query.text());
            }
            List<BatchCalls.Batched> batched = batch.batched(query, candidates);
            List<Candidate> viaBatch = batched.stream().map(BatchCalls.Batched::candidate).toList();
            return new Link(query, batched, candidates.stream().filter(c -> !viaBatch.contains(c)).toList());
        }).toList();
    }

    /**
     * One entry of a model chain.
     *
     * @param query     the entry as the caller wrote it
     * @param batched   its candidates that go through the Batch API, in config order
     * @param unbatched its candidates called the usual way (after the batched ones, when those failed retryably)
     */
    record Link(ModelQuery query, List<BatchCalls.Batched> batched, List<Candidate> unbatched) {
    }
}
