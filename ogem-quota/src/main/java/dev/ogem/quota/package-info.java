/** The {@link dev.ogem.quota.StateStore} interface and the value records it takes and returns. */
package dev.ogem.quota;
