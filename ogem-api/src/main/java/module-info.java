/**
 * The vocabulary every ogem module speaks: the OpenAI Chat Completions request, response and chunk
 * as records, the catalog read from the config, the error family, {@link dev.ogem.api.LlmClient}, and the
 * watchdogs' shared timer ({@link dev.ogem.api.Watchdog}).
 */
module dev.ogem.api {
    // Transitive: databind types are part of this API (JsonNode in the records' extra fields and in
    // OpenAiJson's trees, Jackson's exceptions on reads). The Jdk8 module stays inside OpenAiJson.
    requires transitive com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jdk8;
    requires java.logging;

    exports dev.ogem.api;
    opens dev.ogem.api to com.fasterxml.jackson.databind;
}
