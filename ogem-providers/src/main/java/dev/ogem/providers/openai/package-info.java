/** The OpenAI Chat Completions, Files and Batches protocol, for OpenAI and every custom OpenAI-protocol endpoint (internal). */
package dev.ogem.providers.openai;
