package dev.ogem.batch.queue;

import dev.ogem.api.OgemException;
import dev.ogem.providers.OpenAiBatches.Result;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
/**
 * The outcomes of a batch's output and error files, by {@code custom_id}, never by position. Should a
 * request appear twice, an answer wins over an error.
 */
final class ResultLines {

    private final Map<String, Outcome> byCustomId = new ConcurrentHashMap<>();
    private final Optional<Outcome> everyRequest;

    ResultLines() {
        this.everyRequest = Optional.empty();
    }

    private ResultLines(Outcome everyRequest) {
        this.everyRequest = Optional.of(everyRequest);
    }

    /**
     * The results of files that can never be read: every request gets the error.
     *
     * @param error the error
     * @return the results
     */
    static ResultLines unreadable(OgemException error) {
        return new ResultLines(new Outcome.Failed(error));
    }

    /**
     * Takes one result line.
     *
     * @param result the line
     */
    void accept(Result result) {
        Outcome outcome = result.answer().<Outcome>map(Outcome.Answered::new)
                .orElseGet(() -> new Outcome.Failed(result.error().orElseThrow()));
        byCustomId.merge(result.customId(), outcome, (first, second) ->
                first instanceof Outcome.Answered ? first : second);
    }

    /**
     * The outcome of one request.
     *
     * @param customId the request's {@code custom_id}
     * @return its outcome, empty when no line named it
     */
    Optional<Outcome> outcome(String customId) {
        return everyRequest.or(() -> Optional.ofNullable(byCustomId.get(customId)));
    }
}
