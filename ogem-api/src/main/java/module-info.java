/**
 * The vocabulary every ogem module speaks: the OpenAI Chat Completions request, response and chunk
 * as records, the catalog read from the config, the error family, and {@link dev.ogem.api.LlmClient}.
 */
// "module": the modules of the qualified export below are built after this one.
@SuppressWarnings("module")
module dev.ogem.api {
    // Transitive: databind types are part of this API (JsonNode in the records' extra fields and in
    // OpenAiJson's trees, Jackson's exceptions on reads). The Jdk8 module stays inside OpenAiJson.
    requires transitive com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jdk8;
    requires java.logging;

    exports dev.ogem.api;
    // The watchdogs' shared timer: for ogem's own modules, not part of the API.
    exports dev.ogem.api.timing to dev.ogem.routing, dev.ogem.providers, dev.ogem.server;
    opens dev.ogem.api to com.fasterxml.jackson.databind;
}
