/** The OpenAI Chat Completions, Files and Batches protocol, for OpenAI and custom OpenAI-protocol endpoints (internal). */
package dev.ogem.providers.openai;
