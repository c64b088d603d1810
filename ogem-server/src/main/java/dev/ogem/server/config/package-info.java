/**
 * Loads the gateway configuration ({@code CONFIG_SOURCE} file or URL, or the bundled sample),
 * applies the environment overrides and validates everything into a {@link dev.ogem.server.config.GatewayConfig}.
 * Every problem is a {@link dev.ogem.server.config.ConfigException} naming the config path; secrets never
 * appear in messages or logs.
 */
package dev.ogem.server.config;
