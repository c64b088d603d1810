/** A team's multi-provider client using ogem-providers alone: OpenAI-shaped calls to Claude and Gemini. */
module example.providers {
    requires dev.ogem.providers;
}
