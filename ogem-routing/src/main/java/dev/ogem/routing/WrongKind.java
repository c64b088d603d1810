package dev.ogem.routing;

import dev.ogem.api.CallerException;
import dev.ogem.api.ModelKind;

import java.util.List;

/**
 * The 400 for a model that is configured, but not for the kind of work asked of it: a chat model sent
 * embeddings (naming the provider when none of its providers has an embeddings API, as Claude has not),
 * or an embedding model sent a chat completion.
 */
final class WrongKind {

    private WrongKind() {
    }

    /**
     * The error.
     *
     * @param entry    the chain entry as the caller wrote it
     * @param wanted   the kind of work asked
     * @param matching the configured candidates it names, all of another kind
     * @return the error
     */
    static CallerException of(String entry, ModelKind wanted, List<Candidate> matching) {
        if (wanted == ModelKind.EMBEDDING
                && matching.stream().noneMatch(c -> c.endpoint().provider().kind().servesEmbeddings())) {
            List<String> providers = matching.stream().map(c -> c.endpoint().provider().name()).distinct().toList();
            return CallerException.invalid("The model '" + entry + "' is served only by " + String.join(" and ", providers)
                    + ", which " + (providers.size() == 1 ? "has" : "have") + " no embeddings API.", "model");
        }
        ModelKind configured = matching.getFirst().model().kind();
        return CallerException.invalid("The model '" + entry + "' serves " + configured.serves() + ", not "
                + wanted.serves() + (wanted == ModelKind.EMBEDDING
                ? ". If it does serve embeddings, say so with 'kind: embedding' in its config entry."
                : "; send it to /v1/embeddings."), "model");
    }
}
