/** The Valkey state store: Lua scripts through Lettuce, with a local fallback while Valkey is out. */
package dev.ogem.quota.valkey;
