package dev.ogem.bench.jmh;

import java.nio.charset.StandardCharsets;

/**
 * Request and chunk bodies shaped like real OpenAI traffic, shared by the benchmarks (public for the
 * translation benchmarks, which live in the providers' packages).
 */
public final class Payloads {

    private Payloads() {
    }

    /** The body the load test sends: one short user message. */
    public static final byte[] SMALL_REQUEST = smallRequest("bench-model");

    /** A multi-turn request with a system prompt, a tool, a tool call and its result, and unknown fields. */
    public static final byte[] TOOL_REQUEST = toolRequest("bench-model", true);

    /** One content chunk of a stream, as an OpenAI-protocol upstream sends it. */
    static final String CHUNK = """
            {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"bench-model",\
            "system_fingerprint":"fp_bench","choices":[{"index":0,"delta":{"content":"token "},"logprobs":null,\
            "finish_reason":null}]}""";

    /** Ten events and [DONE], the stream the load test relays. */
    static final byte[] STREAM;

    static {
        StringBuilder sse = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            sse.append("data: ").append(CHUNK).append("\n\n");
        }
        sse.append("data: [DONE]\n\n");
        STREAM = sse.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The load test's body for another model.
     *
     * @param model the model named in the body
     * @return the body, UTF-8
     */
    public static byte[] smallRequest(String model) {
        return """
                {"model":"%s","messages":[{"role":"user","content":"Say hello in one short sentence."}],\
                "max_tokens":32,"temperature":0.2}""".formatted(model).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The multi-turn tool-calling request for another model.
     *
     * @param model     the model named in the body
     * @param logitBias whether to include {@code logit_bias}, which Anthropic and Gemini refuse
     * @return the body, UTF-8
     */
    public static byte[] toolRequest(String model, boolean logitBias) {
        return """
                {"model":"%s","stream":true,"stream_options":{"include_usage":true},
                 "messages":[
                  {"role":"system","content":"You are a terse assistant that answers with facts and calls tools when needed."},
                  {"role":"user","content":"What is the weather in Paris and in Berlin today? Answer in Celsius."},
                  {"role":"assistant","content":null,"tool_calls":[
                    {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                    {"id":"call_2","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Berlin\\"}"}}]},
                  {"role":"tool","tool_call_id":"call_1","content":"{\\"temp_c\\":18,\\"sky\\":\\"cloudy\\"}"},
                  {"role":"tool","tool_call_id":"call_2","content":"{\\"temp_c\\":15,\\"sky\\":\\"rain\\"}"},
                  {"role":"user","content":[{"type":"text","text":"Now summarise both."}]}],
                 "tools":[{"type":"function","function":{"name":"get_weather","description":"Current weather of a city",
                   "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}],
                 "tool_choice":"auto","temperature":0.7,"top_p":0.9,"max_tokens":256,"user":"bench",
                 "seed":42,%s"metadata":{"team":"bench"}}""".formatted(model, logitBias ? "\"logit_bias\":{\"50256\":-100}," : "")
                .getBytes(StandardCharsets.UTF_8);
    }
}
