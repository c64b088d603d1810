/**
 * Routing: parses model strings (name, provider/model, provider/region/model, fallback chains),
 * orders the matching endpoints and falls back across them, behind one {@link dev.ogem.routing.Router}.
 */
module dev.ogem.routing {
    requires transitive dev.ogem.api;
    requires java.logging;

    exports dev.ogem.routing;
}
