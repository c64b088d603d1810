/** A team's OpenAI-compatible service using ogem-api alone for the request and response records. */
module example.api {
    requires dev.ogem.api;
}
