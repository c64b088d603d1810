package dev.ogem.bench.jmh;

import java.nio.charset.StandardCharsets;

/** Request and chunk bodies shaped like real OpenAI traffic, shared by the benchmarks. */
final class Payloads {

    private Payloads() {
    }

    /** The body the load test sends: one short user message. */
    static final byte[] SMALL_REQUEST = """
            {"model":"bench-model","messages":[{"role":"user","content":"Say hello in one short sentence."}],\
            "max_tokens":32,"temperature":0.2}""".getBytes(StandardCharsets.UTF_8);

    /** A multi-turn request with a system prompt, a tool, a tool call and its result, and unknown fields. */
    static final byte[] TOOL_REQUEST = """
            {"model":"bench-model","stream":true,"stream_options":{"include_usage":true},
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
             "seed":42,"logit_bias":{"50256":-100},"metadata":{"team":"bench"}}""".getBytes(StandardCharsets.UTF_8);

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
}
