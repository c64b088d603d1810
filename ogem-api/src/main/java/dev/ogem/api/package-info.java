/** OpenAI-compatible records, the catalog, the error family and the {@link dev.ogem.api.LlmClient} interface. */
package dev.ogem.api;
