/**
 * Writing a stream to the client: the response body of a stream, whose failures mean that the client left
 * ({@link dev.ogem.server.stream.ClientStream}), shared by the chat completion and the Messages relays.
 */
package dev.ogem.server.stream;
