/** The {@link dev.ogem.providers.Providers} interface: one client per configured endpoint, and the Batch API. */
package dev.ogem.providers;
