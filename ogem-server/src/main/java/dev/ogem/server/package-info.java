/** The ogem HTTP server: {@link dev.ogem.server.Main} and the routes it serves. */
package dev.ogem.server;
