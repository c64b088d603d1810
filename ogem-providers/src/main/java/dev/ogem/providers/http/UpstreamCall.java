package dev.ogem.providers.http;

import dev.ogem.api.ProviderException;

/**
 * Which provider, and which of its models, a call went to: named in the errors that are the gateway's own
 * configuration at fault, so that the operator reading them knows what to fix and the caller knows it was
 * not its request or its key.
 *
 * @param provider the provider's name in the gateway's config, such as {@code claude}
 * @param model    the model id sent upstream
 */
public record UpstreamCall(String provider, String model) {

    /**
     * The provider refused the gateway's credentials.
     *
     * @param detail what the upstream answered, such as {@code HTTP 401}; never its message, which may echo a key
     * @return an {@code AUTH} error
     */
    public ProviderException credentialsRefused(String detail) {
        return ProviderException.of(ProviderException.Kind.AUTH, "The provider '" + provider
                + "' refused the gateway's own credentials (" + detail + "). This is the gateway's configuration to"
                + " fix; your request and your API key are not at fault.");
    }

    /**
     * The provider does not know the model, or the endpoint.
     *
     * @param detail what the upstream answered, such as {@code HTTP 404}
     * @return a {@code NOT_FOUND} error
     */
    public ProviderException modelUnknown(String detail) {
        return ProviderException.of(ProviderException.Kind.NOT_FOUND, "The provider '" + provider
                + "' does not know the model '" + model + "' or its endpoint (" + detail + "): the gateway's"
                + " configured model id or base URL is wrong; your request is not at fault.");
    }
}
