/** The in-process state store: sliding window logs, a cooldown map and a byte-bounded LRU cache. */
package dev.ogem.quota.memory;
