/** The Anthropic Messages protocol, for Claude direct and Claude on Vertex AI (internal). */
package dev.ogem.providers.anthropic;
