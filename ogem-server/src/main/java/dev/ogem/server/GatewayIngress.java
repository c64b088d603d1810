package dev.ogem.server;

import dev.ogem.api.ChatRequest;
import dev.ogem.server.messages.Ingress;
import io.helidon.webserver.http.ServerRequest;

import java.util.function.Consumer;

/**
 * The gateway's own checks lent to the Messages routes, the same the OpenAI routes make: the body read by the
 * shared {@link RequestReader} within its {@link BodyBudget}, the client key's model list ({@link Caller}) and its
 * own rpm/tpm ({@link KeyQuota}).
 *
 * @param reader the reader every route shares
 * @param quota  the client keys' own limits
 */
record GatewayIngress(RequestReader reader, KeyQuota quota) implements Ingress {

    @Override
    public void withBody(ServerRequest request, Consumer<byte[]> answer) {
        try (BodyBudget.Lease lease = reader.lease()) {
            answer.accept(reader.body(request, lease));
        }
    }

    @Override
    public void checkModel(ServerRequest request, String model) {
        Caller.checkModel(request, model);
    }

    @Override
    public Spend admit(ServerRequest request, ChatRequest chat) {
        return quota.spend(request, chat);
    }
}
