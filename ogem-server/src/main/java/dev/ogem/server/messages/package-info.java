/**
 * The Anthropic Messages API as ingress ({@code POST /v1/messages} and {@code POST /v1/messages/count_tokens}):
 * Messages requests routed like chat completions, sent as they are to Claude and translated for the others,
 * with answers, streams and errors in Anthropic's shapes.
 */
package dev.ogem.server.messages;
