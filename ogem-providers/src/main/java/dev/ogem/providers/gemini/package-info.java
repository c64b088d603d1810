/** The Gemini generateContent protocol, for AI Studio and Vertex AI (internal). */
package dev.ogem.providers.gemini;
