package dev.ogem.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.api.Catalog;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * {@code GET /v1/models}: every configured name and alias, once each, in OpenAI's list shape, of the config in
 * force; the body is made again when a reload brings another catalog.
 */
final class ModelList implements Handler {

    private final Supplier<Catalog> catalogs;
    private final AtomicReference<Listed> listed = new AtomicReference<>();

    ModelList(Supplier<Catalog> catalogs) {
        this.catalogs = catalogs;
    }

    private record Listed(Catalog catalog, byte[] body) {
    }

    private static byte[] body(Catalog catalog) {
        Map<String, String> owners = new LinkedHashMap<>();
        catalog.endpoints().forEach(endpoint -> endpoint.region().models().forEach(model ->
                model.allNames().forEach(name -> owners.putIfAbsent(name, endpoint.provider().name()))));
        ObjectNode root = JsonNodeFactory.instance.objectNode().put("object", "list");
        ArrayNode data = root.putArray("data");
        owners.forEach((id, owner) -> data.addObject()
                .put("id", id).put("object", "model").put("created", 0).put("owned_by", owner));
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(ServerRequest request, ServerResponse response) {
        Catalog catalog = catalogs.get();
        Listed now = listed.updateAndGet(last -> last != null && last.catalog() == catalog ? last
                : new Listed(catalog, body(catalog)));
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.send(now.body());
    }
}
