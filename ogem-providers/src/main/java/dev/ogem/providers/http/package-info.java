/** Blocking HTTP and server-sent-event plumbing shared by every protocol (internal). */
package dev.ogem.providers.http;
