package dev.ogem.routing;

import java.util.Objects;

/**
 * The endpoint that served an answer, for the {@code x-ogem-provider}, {@code x-ogem-region} and
 * {@code x-ogem-model} response headers.
 *
 * @param provider the provider name as configured
 * @param region   the region name as configured
 * @param model    the canonical model name that went upstream
 */
public record Route(String provider, String region, String model) {
    /** Checks for nulls. */
    public Route {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(model, "model");
    }
}
