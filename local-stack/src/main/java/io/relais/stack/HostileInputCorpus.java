package io.relais.stack;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Sends hostile input to every operation a running service's {@code /q/openapi} lists, so that no endpoint, including
 * one added later, escapes: NUL, control characters, unpaired surrogates and invalid UTF-8 in every path parameter,
 * query parameter and string field of the body; wrong types; a 2 MB body; 10,000-deep nesting; bodies that are not
 * JSON. Path parameters and the rest of the body are plausible (the schema's example, enum, format), so the request
 * reaches the handler. Every answer must be below 500, and a 4xx must be {@code application/problem+json}.
 */
public final class HostileInputCorpus {

    /** One answer that broke the rule. */
    public record Finding(String operation, String attack, int status, String contentType, String body) {
        @Override
        public String toString() {
            return operation + " [" + attack + "] → " + status + " " + contentType + " " + body;
        }
    }

    /** What was sent, and what broke the rule. */
    public record Report(List<String> operations, int requests, List<Finding> findings) {

        /**
         * The rule every service's corpus test checks, in one place: the corpus found at least the operations the test
         * names (so it really read {@code /q/openapi}), sent more than 500 requests, and no answer broke the rule.
         *
         * @throws AssertionError saying which of the three failed
         */
        public void verify(java.util.Collection<String> mustFind) {
            if (!operations.containsAll(mustFind)) {
                throw new AssertionError("the corpus reads every operation from /q/openapi; expected at least " + mustFind
                        + ", found " + operations);
            }
            if (requests <= 500) {
                throw new AssertionError("requests sent: " + requests);
            }
            if (!findings.isEmpty()) {
                throw new AssertionError(findings.size() + " of " + requests + " answers broke the rule:\n"
                        + String.join("\n", findings.stream().map(Object::toString).toList()));
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    /** Hostile text, as it appears in a JSON document (escapes) and as a URL component (percent-encoded bytes). */
    private record Hostile(String name, String json, String url) {
    }

    private static final List<Hostile> TEXTS = List.of(
            new Hostile("NUL", "a\\u0000b", "a%00b"),
            new Hostile("control characters", "\\u0001\\u0007\\u001b[31m\\u007f\\u0085", "%01%07%1B%5B31m%7F%C2%85"),
            new Hostile("unpaired high surrogate", "x\\ud800y", "x%ED%A0%80y"),
            new Hostile("unpaired low surrogate", "\\udfff", "%ED%BF%BF"),
            new Hostile("invalid UTF-8", null, "%FF%FEab%C3%28"),
            new Hostile("only spaces", "   ", "%20%20%20"),
            new Hostile("very long", "x".repeat(5_000), "y".repeat(1_000)));

    private final URI base;
    private final Map<String, String> pathValues;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final Random random = new Random(11);
    private final List<Finding> findings = new ArrayList<>();
    private int requests;

    /**
     * @param base the service's base URL
     * @param pathValues plausible values for path parameters by name ({@code code} → {@code cards.lost}); a uuid
     *        parameter gets a random uuid, others {@code corpus}
     */
    public HostileInputCorpus(String base, Map<String, String> pathValues) {
        this.base = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.pathValues = pathValues;
    }

    public Report run() throws Exception {
        JsonNode api = JSON.readTree(get("/q/openapi?format=json"));
        List<String> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = api.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (String method : METHODS) {
                JsonNode op = path.getValue().get(method);
                if (op != null) {
                    operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                    attack(api, method.toUpperCase(Locale.ROOT), path.getKey(), path.getValue(), op);
                }
            }
        }
        return new Report(operations, requests, List.copyOf(findings));
    }

    private void attack(JsonNode api, String method, String template, JsonNode pathItem, JsonNode op) throws Exception {
        String name = method + " " + template;
        List<JsonNode> params = new ArrayList<>();
        pathItem.path("parameters").forEach(params::add);
        op.path("parameters").forEach(params::add);
        Map<String, String> plausiblePath = new LinkedHashMap<>();
        List<String> queryNames = new ArrayList<>();
        for (JsonNode p : params) {
            String in = p.path("in").asText();
            if ("path".equals(in)) {
                plausiblePath.put(p.path("name").asText(), plausiblePathValue(p.path("name").asText(), resolve(api, p.path("schema"))));
            } else if ("query".equals(in)) {
                queryNames.add(p.path("name").asText());
            }
        }
        Function<Map<String, String>, String> fill = values -> {
            String s = template;
            for (Map.Entry<String, String> e : values.entrySet()) {
                s = s.replace("{" + e.getKey() + "}", e.getValue());
            }
            return s;
        };
        boolean stream = op.path("responses").toString().contains("text/event-stream");
        JsonNode content = op.path("requestBody").path("content");
        String contentType = content.fieldNames().hasNext() ? content.fieldNames().next() : "application/json";
        boolean jsonBody = contentType.contains("json");
        JsonNode schema = resolve(api, content.path(contentType).path("schema"));
        byte[] plausibleBody = content.isMissingNode() || !jsonBody ? null
                : JSON.writeValueAsBytes(plausible(api, schema, 0, ""));

        // Path parameters: each hostile in turn, the others plausible.
        for (String param : plausiblePath.keySet()) {
            List<Hostile> values = new ArrayList<>(TEXTS);
            values.add(new Hostile("wrong type", null, "-1"));
            values.add(new Hostile("wrong type", null, "1e999"));
            for (Hostile h : values) {
                Map<String, String> v = new LinkedHashMap<>(plausiblePath);
                v.put(param, h.url());
                send(name, "path " + param + ": " + h.name(), method, fill.apply(v), contentType, plausibleBody, stream);
            }
        }
        // Query parameters: each hostile in turn.
        for (String q : queryNames) {
            List<Hostile> values = new ArrayList<>(TEXTS);
            values.add(new Hostile("wrong type", null, "-1"));
            values.add(new Hostile("wrong type", null, "99999999999999999999"));
            values.add(new Hostile("wrong type", null, "true%2Cfalse"));
            for (Hostile h : values) {
                send(name, "query " + q + ": " + h.name(), method, fill.apply(plausiblePath) + "?" + q + "=" + h.url(),
                        contentType, plausibleBody, stream);
            }
        }
        if ("GET".equals(method) || "DELETE".equals(method)) {
            return;
        }
        String path = fill.apply(plausiblePath);
        // Whole bodies, whatever the operation reads.
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("empty body", new byte[0]);
        bodies.put("null", "null".getBytes(StandardCharsets.UTF_8));
        bodies.put("a string", "\"text\"".getBytes(StandardCharsets.UTF_8));
        bodies.put("a number", "12".getBytes(StandardCharsets.UTF_8));
        bodies.put("an array", "[]".getBytes(StandardCharsets.UTF_8));
        bodies.put("truncated JSON", "{\"a\": ".getBytes(StandardCharsets.UTF_8));
        bodies.put("10,000-deep arrays", ("[".repeat(10_000) + "]".repeat(10_000)).getBytes(StandardCharsets.UTF_8));
        bodies.put("10,000-deep objects", ("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)).getBytes(StandardCharsets.UTF_8));
        bodies.put("2 MB body", ("{\"a\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8));
        bodies.put("invalid UTF-8 bytes", bytes("{\"a\":\"", new byte[] {(byte) 0xFF, (byte) 0xC3, 0x28}, "\"}"));
        byte[] noise = new byte[512];
        random.nextBytes(noise);
        bodies.put("random bytes", noise);
        for (Map.Entry<String, byte[]> b : bodies.entrySet()) {
            send(name, b.getKey(), method, path, contentType, b.getValue(), stream);
        }
        if (plausibleBody == null || !(plausible(api, schema, 0, "") instanceof ObjectNode)) {
            return;
        }
        // Each field of the plausible body in turn: hostile text, wrong types, deep nesting, invalid UTF-8.
        List<String> fields = new ArrayList<>();
        fieldPaths((ObjectNode) JSON.readTree(plausibleBody), "", fields);
        for (String field : fields) {
            for (Hostile h : TEXTS) {
                if (h.json() != null) {
                    send(name, "field " + field + ": " + h.name(), method, path, contentType,
                            withField(plausibleBody, field, "\"" + h.json() + "\""), stream);
                }
            }
            for (String wrong : List.of("12", "true", "{\"x\":1}", "[\"a\"]", "\"text\"", "-1.5e999")) {
                send(name, "field " + field + ": wrong type " + wrong, method, path, contentType,
                        withField(plausibleBody, field, wrong), stream);
            }
            send(name, "field " + field + ": 10,000-deep", method, path, contentType,
                    withField(plausibleBody, field, "[".repeat(10_000) + "]".repeat(10_000)), stream);
            send(name, "field " + field + ": invalid UTF-8", method, path, contentType,
                    withRawField(plausibleBody, field, new byte[] {'"', 'a', (byte) 0xFF, (byte) 0xFE, '"'}), stream);
        }
    }

    private void send(String operation, String attack, String method, String path, String contentType, byte[] body,
            boolean stream) throws Exception {
        requests++;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        if (body != null && !"GET".equals(method) && !"DELETE".equals(method)) {
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (java.io.IOException e) {
            findings.add(new Finding(operation, attack, -1, "", "no answer: " + e));
            return;
        }
        int status = response.statusCode();
        String type = response.headers().firstValue("Content-Type").orElse("");
        String text;
        try (InputStream in = response.body()) {
            text = stream || type.contains("event-stream") ? "" : new String(in.readNBytes(2_000), StandardCharsets.UTF_8);
        }
        if (status >= 500 || (status >= 400 && !type.startsWith("application/problem+json"))) {
            findings.add(new Finding(operation, attack, status, type, text));
        }
    }

    private String get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private String plausiblePathValue(String name, JsonNode schema) {
        if ("uuid".equals(schema.path("format").asText())) {
            return UUID.randomUUID().toString();
        }
        if (pathValues.containsKey(name)) {
            return pathValues.get(name);
        }
        if (types(schema).contains("integer") || types(schema).contains("number")) {
            return "1";
        }
        return schema.hasNonNull("example") ? schema.get("example").asText() : "corpus";
    }

    /** A value that fits the schema: its example, its first enum value, or one of its type and format. */
    private JsonNode plausible(JsonNode api, JsonNode schema, int depth, String name) {
        schema = resolve(api, schema);
        if (schema.has("example") && !schema.get("example").isNull()) {
            return schema.get("example");
        }
        if (schema.has("enum") && schema.get("enum").size() > 0) {
            return schema.get("enum").get(0);
        }
        for (String combinator : List.of("allOf", "oneOf", "anyOf")) {
            if (schema.has(combinator)) {
                for (JsonNode option : schema.get(combinator)) {
                    JsonNode resolved = resolve(api, option);
                    if (!types(resolved).contains("null")) {
                        return plausible(api, resolved, depth, name);
                    }
                }
            }
        }
        List<String> types = types(schema);
        if (types.contains("object") || schema.has("properties")) {
            ObjectNode o = NODES.objectNode();
            if (depth < 4) {
                for (Iterator<Map.Entry<String, JsonNode>> p = schema.path("properties").fields(); p.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = p.next();
                    o.set(e.getKey(), plausible(api, e.getValue(), depth + 1, e.getKey()));
                }
            }
            return o;
        }
        if (types.contains("array")) {
            ArrayNode a = NODES.arrayNode();
            if (depth < 4) {
                a.add(plausible(api, schema.path("items"), depth + 1, name));
            }
            return a;
        }
        if (types.contains("integer")) {
            return NODES.numberNode(1);
        }
        if (types.contains("number")) {
            return NODES.numberNode(1.5);
        }
        if (types.contains("boolean")) {
            return NODES.booleanNode(true);
        }
        String format = schema.path("format").asText();
        return NODES.textNode(switch (format) {
            case "uuid" -> UUID.randomUUID().toString();
            case "date-time" -> Instant.now().toString();
            case "date" -> LocalDate.now().toString();
            case "duration" -> "PT30S";
            default -> name.toLowerCase(Locale.ROOT).contains("mail") ? "corpus@example.fr" : "corpus";
        });
    }

    private static List<String> types(JsonNode schema) {
        JsonNode type = schema.path("type");
        List<String> out = new ArrayList<>();
        if (type.isArray()) {
            type.forEach(t -> out.add(t.asText()));
        } else if (type.isTextual()) {
            out.add(type.asText());
        }
        return out;
    }

    private static JsonNode resolve(JsonNode api, JsonNode schema) {
        int hops = 0;
        while (schema.has("$ref") && hops++ < 20) {
            String ref = schema.get("$ref").asText();
            schema = api.at(ref.substring(1));
        }
        return schema;
    }

    /** Every field of the document, as JSON pointers (objects inside objects and arrays). */
    private static void fieldPaths(JsonNode node, String prefix, List<String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> f = node.fields(); f.hasNext(); ) {
                Map.Entry<String, JsonNode> e = f.next();
                String pointer = prefix + "/" + e.getKey();
                out.add(pointer);
                fieldPaths(e.getValue(), pointer, out);
            }
        } else if (node.isArray() && node.size() > 0) {
            out.add(prefix + "/0");
            fieldPaths(node.get(0), prefix + "/0", out);
        }
    }

    private static final String MARK = "\"__corpus_placeholder__\"";

    /** The document with the value at this pointer replaced by raw JSON text. */
    private static byte[] withField(byte[] document, String pointer, String rawJson) throws Exception {
        return withRawField(document, pointer, rawJson.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] withRawField(byte[] document, String pointer, byte[] raw) throws Exception {
        JsonNode doc = JSON.readTree(document);
        String parent = pointer.substring(0, pointer.lastIndexOf('/'));
        String last = pointer.substring(pointer.lastIndexOf('/') + 1);
        JsonNode container = parent.isEmpty() ? doc : doc.at(parent);
        if (container.isObject()) {
            ((ObjectNode) container).put(last, "__corpus_placeholder__");
        } else if (container.isArray()) {
            ((ArrayNode) container).set(Integer.parseInt(last), NODES.textNode("__corpus_placeholder__"));
        }
        String text = JSON.writeValueAsString(doc);
        int at = text.indexOf(MARK);
        return bytes(text.substring(0, at), raw, text.substring(at + MARK.length()));
    }

    private static byte[] bytes(String before, byte[] middle, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(middle);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
