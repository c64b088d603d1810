/** The OpenAI Chat Completions protocol, for OpenAI and every custom OpenAI-protocol endpoint (internal). */
package dev.ogem.providers.openai;
