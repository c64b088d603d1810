/** The {@link dev.ogem.providers.Providers} interface: one client per configured endpoint. */
package dev.ogem.providers;
