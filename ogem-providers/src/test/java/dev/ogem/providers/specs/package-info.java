/** The providers' published schemas as test resources: the extracts, their extraction tool and their checks (tests only). */
package dev.ogem.providers.specs;
