/** The OpenAI Files and Batches wire protocol: URLs, multipart upload, batch objects, result lines. */
package dev.ogem.batch.wire;
