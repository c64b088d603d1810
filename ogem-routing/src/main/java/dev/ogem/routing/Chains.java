package dev.ogem.routing;

import dev.ogem.api.CallerException;
import dev.ogem.api.Catalog;
import dev.ogem.api.ModelKind;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The model chain of each {@code model} string callers send, resolved against the catalog once and
 * kept: the catalog does not change while a router lives, and most callers send a handful of model
 * names, so parsing, matching and the batch split leave the request path. Callers choose the strings, so
 * what is kept is bounded: at most {@value #MAX_KEPT} strings of at most {@value #MAX_KEPT_LENGTH} characters
 * each (per kind of work); longer ones (up to {@link ModelQuery#MAX_MODEL_LENGTH}) and any past the count are
 * resolved on every request. An unknown model is never kept: it fails every time with the same error.
 *
 * <p>A chain is resolved for a kind of work ({@link ModelKind}): each entry keeps the candidates whose model
 * serves it. An entry that names configured models of another kind only is the caller's mistake (400).
 */
final class Chains {

    static final int MAX_KEPT = 1024;
    static final int MAX_KEPT_LENGTH = 128;

    private final Catalog catalog;
    private final BatchCalls batch;
    private final Map<ModelKind, ConcurrentMap<String, List<Link>>> kept = new EnumMap<>(ModelKind.class);

    Chains(Catalog catalog, BatchCalls batch) {
        this.catalog = catalog;
        this.batch = batch;
        for (ModelKind kind : ModelKind.values()) {
            kept.put(kind, new ConcurrentHashMap<>());
        }
    }

    /**
     * The chain for a model string sent to chat completions.
     *
     * @throws CallerException {@code model_not_found} when an entry matches nothing
     */
    List<Link> of(String model) {
        return of(model, ModelKind.CHAT);
    }

    /**
     * The chain for a model string and a kind of work.
     *
     * @throws CallerException {@code model_not_found} when an entry matches nothing; 400 when it matches models
     *                         of another kind only
     */
    List<Link> of(String model, ModelKind kind) {
        ConcurrentMap<String, List<Link>> ofKind = kept.get(kind);
        List<Link> chain = ofKind.get(model);
        if (chain == null) {
            chain = resolve(model, kind);
            if (model.length() <= MAX_KEPT_LENGTH && ofKind.size() < MAX_KEPT) {
                ofKind.putIfAbsent(model, chain);
            }
        }
        return chain;
    }

    /** How many model strings are kept. */
    int keptCount() {
        return kept.values().stream().mapToInt(Map::size).sum();
    }

    /** The length of the longest model string kept, 0 when none is. */
    int longestKept() {
        return kept.values().stream().flatMap(m -> m.keySet().stream()).mapToInt(String::length).max().orElse(0);
    }

    private List<Link> resolve(String model, ModelKind kind) {
        return ModelQuery.parseChain(model).stream().map(query -> {
            List<Candidate> matching = Candidate.matching(catalog, query);
            if (matching.isEmpty()) {
                throw CallerException.modelNotFound(query.text());
            }
            List<Candidate> candidates = matching.stream().filter(c -> c.model().kind() == kind).toList();
            if (candidates.isEmpty()) {
                throw WrongKind.of(query.text(), kind, matching);
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
