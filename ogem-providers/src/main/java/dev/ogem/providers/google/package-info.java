/** Google Cloud credentials (Application Default Credentials) for the Vertex AI endpoints (internal). */
package dev.ogem.providers.google;
