/**
 * Loads the gateway configuration ({@code CONFIG_SOURCE} file or URL, or the bundled sample) through Helidon Config,
 * reads every setting and secret from the environment, and validates everything into a
 * {@link dev.ogem.server.config.GatewayConfig} of typed module settings. Every problem is a
 * {@link dev.ogem.server.config.ConfigException} naming the config path or variable; secrets never
 * appear in messages or logs.
 */
package dev.ogem.server.config;
