/** The {@link dev.ogem.routing.Router}: model strings in, the right endpoint's answer out. */
package dev.ogem.routing;
