/** A team's gateway core: ogem-routing's Router in front of ogem-providers' clients. */
module example.routing {
    requires dev.ogem.routing;
    requires dev.ogem.providers;
}
