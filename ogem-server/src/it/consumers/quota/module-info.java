/** A team's rate limiter using ogem-quota alone: in memory, or fleet-wide on Valkey. */
module example.quota {
    requires dev.ogem.quota;
}
