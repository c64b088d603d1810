package dev.ogem.server;

import dev.ogem.api.CallerException;
import dev.ogem.quota.Limits;
import io.helidon.webserver.http.ServerRequest;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The client key a request authenticated with: its name (never the key), its own limits and the models it
 * may use. Registered in the request's context by {@link BearerAuth}; absent when the gateway is open.
 *
 * @param name   the key's name, {@code default} for {@code OPEN_GEMINI_API_KEY}
 * @param limits its rpm/tpm across the fleet, {@link Limits#UNLIMITED} when it has none
 * @param models the model patterns it may use; empty for every model
 */
record Caller(String name, Limits limits, List<Pattern> models) {

    /** Copies the list. */
    Caller {
        models = List.copyOf(models);
    }

    /**
     * Refuses a request whose client key may not use the model it asks for.
     *
     * @param request the request, with its caller (if any) in its context
     * @param model   the request's model field
     * @throws CallerException 403 {@code model_not_allowed}
     */
    static void checkModel(ServerRequest request, String model) {
        Optional<Caller> caller = request.context().get(Caller.class);
        if (caller.isPresent() && !caller.get().mayUse(model)) {
            throw CallerException.modelNotAllowed(model);
        }
    }

    /**
     * Whether the key may ask for a model string: every entry of a chain ({@code a,b,c}) must match one of its
     * patterns, either as written ({@code openai/gpt-4o}) or by its model part after the last {@code /}.
     *
     * @param model the request's model field
     * @return true when allowed (always, for a key without a list)
     */
    boolean mayUse(String model) {
        if (models.isEmpty()) {
            return true;
        }
        for (String entry : model.split(",", -1)) {
            String text = entry.trim();
            String last = text.substring(text.lastIndexOf('/') + 1);
            if (models.stream().noneMatch(p -> p.matcher(text).matches() || p.matcher(last).matches())) {
                return false;
            }
        }
        return true;
    }

    /**
     * A model pattern as a regular expression: {@code *} matches any text, everything else itself.
     *
     * @param glob the pattern as configured
     * @return the compiled pattern
     */
    static Pattern pattern(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }
}
