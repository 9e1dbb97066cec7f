package io.relais.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * What {@code kubectl kustomize} renders from {@code deploy/} keeps the promises of deploy/README.md: routing-service
 * runs several owners and never loses one to a rollout or a drain, each pod advertises its own address, the
 * autoscalers never add consumers that no partition can feed, and the topics have a partition for every routing
 * replica. Needs {@code kubectl} on the PATH (no cluster); skipped, and says so, without it.
 */
class KubernetesManifestsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final List<String> SERVICES = List.of("context-service", "knowledge-service", "routing-service");
    private static final Pattern INCOMING_TOPIC = Pattern.compile("^mp\\.messaging\\.incoming\\.([^.]+)\\.topic=(\\S+)\\s*$");

    private static Path root;
    private static Map<String, Integer> partitions;

    @BeforeAll
    static void readTheTopics() throws IOException, InterruptedException {
        if (!onPath("kubectl")) {
            return;
        }
        root = Path.of(System.getProperty("relais.root", "..")).toAbsolutePath().normalize();
        partitions = new HashMap<>();
        for (JsonNode topic : render("deploy/components/strimzi-topics")) {
            assertEquals("KafkaTopic", topic.path("kind").asText(), "only KafkaTopics in the strimzi-topics component");
            partitions.put(topic.at("/spec/topicName").asText(), topic.at("/spec/partitions").asInt());
        }
    }

    @BeforeEach
    void kubectlIsThere() {
        assumeTrue(partitions != null, "kubectl is not on the PATH: the Kubernetes manifests are not rendered nor checked");
    }

    @Test
    void theBaseRunsThreeRoutingReplicasThatARolloutOrADrainTakeDownOneAtATimeAtMost() throws Exception {
        List<JsonNode> base = render("deploy/base");
        JsonNode routing = find(base, "Deployment", "routing-service");
        assertEquals(3, routing.at("/spec/replicas").asInt(), "routing-service replicas in the base");
        checkRollingUpdateNeverBelowReplicas(routing);
        JsonNode pdb = budgetFor(base, routing);
        int replicas = routing.at("/spec/replicas").asInt();
        int disruptions = allowedDisruptions(pdb, replicas);
        assertTrue(disruptions >= 1 && disruptions <= replicas - 1, "routing-service's PodDisruptionBudget lets "
                + disruptions + " of " + replicas + " pods go at once: it must let one go (drains) and keep one");
    }

    @Test
    void everyRenderingKeepsTheRolloutAndTheBudgetsValidForItsReplicaCount() throws Exception {
        for (String dir : List.of("deploy/base", "deploy/overlays/local")) {
            List<JsonNode> manifests = render(dir);
            checkRollingUpdateNeverBelowReplicas(find(manifests, "Deployment", "routing-service"));
            for (String service : SERVICES) {
                JsonNode deployment = find(manifests, "Deployment", service);
                JsonNode pdb = budgetFor(manifests, deployment);
                int replicas = replicas(manifests, deployment);
                assertTrue(allowedDisruptions(pdb, replicas) >= 1, dir + ": the PodDisruptionBudget of " + service
                        + " would block every node drain with " + replicas + " replica(s)");
            }
        }
    }

    @Test
    void everyServiceIsProbedAndRoutingIsReadyOnlyWhenItsHealthSaysSo() throws Exception {
        for (String dir : List.of("deploy/base", "deploy/overlays/local")) {
            List<JsonNode> manifests = render(dir);
            for (String service : SERVICES) {
                JsonNode container = container(find(manifests, "Deployment", service));
                Set<String> ports = new LinkedHashSet<>();
                container.path("ports").forEach(p -> ports.add(p.path("name").asText()));
                Map<String, String> probes = Map.of("startupProbe", "/q/health/started", "livenessProbe", "/q/health/live",
                        "readinessProbe", "/q/health/ready");
                probes.forEach((probe, path) -> {
                    JsonNode get = container.path(probe).path("httpGet");
                    assertEquals(path, get.path("path").asText(null), dir + ": " + service + " " + probe + " path");
                    assertTrue(ports.contains(get.path("port").asText()), dir + ": " + service + " " + probe
                            + " port " + get.path("port") + " is not one of the container's ports " + ports);
                });
            }
        }
    }

    @Test
    void eachRoutingPodKnowsItsNameAndTheAddressTheOtherReplicasForwardCommandsTo() throws Exception {
        JsonNode routing = find(render("deploy/base"), "Deployment", "routing-service");
        JsonNode container = container(routing);
        List<String> order = new ArrayList<>();
        Map<String, JsonNode> env = new HashMap<>();
        container.path("env").forEach(e -> {
            order.add(e.path("name").asText());
            env.put(e.path("name").asText(), e);
        });
        assertEquals("status.podIP", env.getOrDefault("POD_IP", missing()).at("/valueFrom/fieldRef/fieldPath").asText(),
                "POD_IP from the downward API");
        assertEquals("metadata.name", env.getOrDefault("RELAIS_ROUTING_REPLICA_ID", missing())
                .at("/valueFrom/fieldRef/fieldPath").asText(), "RELAIS_ROUTING_REPLICA_ID from the downward API");
        int port = 0;
        for (JsonNode p : container.path("ports")) {
            if (p.path("name").asText().equals("http")) {
                port = p.path("containerPort").asInt();
            }
        }
        assertEquals("http://$(POD_IP):" + port, env.getOrDefault("RELAIS_ROUTING_ADVERTISED_URL", missing())
                .path("value").asText(), "RELAIS_ROUTING_ADVERTISED_URL: the pod's own address and container port");
        assertTrue(order.indexOf("POD_IP") < order.indexOf("RELAIS_ROUTING_ADVERTISED_URL"),
                "POD_IP must come before RELAIS_ROUTING_ADVERTISED_URL, or $(POD_IP) is not expanded");

        int preStop = preStopSleep(container.at("/lifecycle/preStop"));
        assertTrue(preStop >= 5, "a preStop sleep of at least 5 s lets the endpoints drain before SIGTERM; was " + preStop);
        int grace = routing.at("/spec/template/spec/terminationGracePeriodSeconds").asInt(30);
        assertTrue(grace >= preStop + 60, "terminationGracePeriodSeconds " + grace
                + " leaves under 60 s after the preStop sleep for the streams and the hand-over");
    }

    @Test
    void noAutoscalerAddsConsumersThatNoPartitionFeedsAndEveryTopicHasAPartitionPerRoutingReplica() throws Exception {
        for (String dir : List.of("deploy/base", "deploy/overlays/local")) {
            List<JsonNode> manifests = render(dir);
            Map<String, JsonNode> autoscalers = new HashMap<>();
            for (JsonNode hpa : ofKind(manifests, "HorizontalPodAutoscaler")) {
                assertEquals("autoscaling/v2", hpa.path("apiVersion").asText(), dir + ": HPA apiVersion");
                assertEquals("Deployment", hpa.at("/spec/scaleTargetRef/kind").asText(), dir + ": HPA target kind");
                autoscalers.put(hpa.at("/spec/scaleTargetRef/name").asText(), hpa);
            }
            for (String service : List.of("context-service", "knowledge-service")) {
                JsonNode hpa = autoscalers.get(service);
                assertNotNull(hpa, dir + ": no HorizontalPodAutoscaler for " + service);
                boolean cpu = false;
                for (JsonNode m : hpa.at("/spec/metrics")) {
                    cpu |= m.path("type").asText().equals("Resource") && m.at("/resource/name").asText().equals("cpu");
                }
                assertTrue(cpu, dir + ": the HPA of " + service + " scales on CPU");
                assertTrue(find(manifests, "Deployment", service).at("/spec/replicas").isMissingNode(), dir + ": "
                        + service + " sets spec.replicas while its HPA owns the count (every apply would reset it)");
            }
            if (dir.equals("deploy/base")) {
                for (String service : List.of("context-service", "knowledge-service")) {
                    assertTrue(autoscalers.get(service).at("/spec/minReplicas").asInt(1) >= 2,
                            "the base keeps at least 2 pods of " + service);
                }
            }
            for (var entry : autoscalers.entrySet()) {
                String service = entry.getKey();
                int min = entry.getValue().at("/spec/minReplicas").asInt(1);
                int max = entry.getValue().at("/spec/maxReplicas").asInt();
                assertTrue(min >= 1 && min <= max, dir + ": HPA of " + service + " min " + min + " max " + max);
                for (String topic : inputTopics(service)) {
                    assertTrue(max <= partitionsOf(topic), dir + ": the HPA of " + service + " goes to " + max
                            + " pods but " + topic + " has " + partitionsOf(topic) + " partitions: the extra pods would sit idle");
                }
            }

            int routingReplicas = replicas(manifests, find(manifests, "Deployment", "routing-service"));
            assertTrue(partitionsOf("relais.contacts.ready") >= routingReplicas, dir + ": relais.contacts.ready has "
                    + partitionsOf("relais.contacts.ready") + " partitions for " + routingReplicas + " routing replicas");
            partitions.forEach((topic, count) -> assertTrue(count >= routingReplicas,
                    dir + ": " + topic + " has " + count + " partitions for " + routingReplicas + " routing replicas"));
        }
    }

    @Test
    void theTopicsComponentHoldsEveryTopicTheServicesConsumeAndItsDeadLetterTopic() throws Exception {
        for (String service : SERVICES) {
            for (String topic : inputTopics(service)) {
                partitionsOf(topic);
                partitionsOf(topic + ".dlq");
            }
        }
    }

    // --- rendering and reading

    private static List<JsonNode> render(String dir) throws IOException, InterruptedException {
        Process kubectl = new ProcessBuilder("kubectl", "kustomize", root.resolve(dir).toString())
                .redirectErrorStream(false).start();
        byte[] out = kubectl.getInputStream().readAllBytes();
        String err = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!kubectl.waitFor(60, TimeUnit.SECONDS)) {
            kubectl.destroyForcibly();
            fail("kubectl kustomize " + dir + " did not finish within 60 s");
        }
        assertEquals(0, kubectl.exitValue(), "kubectl kustomize " + dir + " failed: " + err);
        List<JsonNode> docs = new ArrayList<>();
        try (var values = YAML.readerFor(JsonNode.class).<JsonNode>readValues(out)) {
            while (values.hasNext()) {
                JsonNode doc = values.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        }
        assertFalse(docs.isEmpty(), "kubectl kustomize " + dir + " rendered nothing");
        return docs;
    }

    private static List<JsonNode> ofKind(List<JsonNode> manifests, String kind) {
        return manifests.stream().filter(m -> m.path("kind").asText().equals(kind)).toList();
    }

    private static JsonNode find(List<JsonNode> manifests, String kind, String name) {
        return ofKind(manifests, kind).stream().filter(m -> m.at("/metadata/name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " rendered"));
    }

    private static JsonNode container(JsonNode deployment) {
        String name = deployment.at("/metadata/name").asText();
        for (JsonNode c : deployment.at("/spec/template/spec/containers")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("Deployment " + name + " has no container " + name);
    }

    /** The Deployment's count, or its autoscaler's minimum when the autoscaler owns the count. */
    private static int replicas(List<JsonNode> manifests, JsonNode deployment) {
        JsonNode replicas = deployment.at("/spec/replicas");
        if (!replicas.isMissingNode()) {
            return replicas.asInt();
        }
        String name = deployment.at("/metadata/name").asText();
        return ofKind(manifests, "HorizontalPodAutoscaler").stream()
                .filter(h -> h.at("/spec/scaleTargetRef/name").asText().equals(name))
                .map(h -> h.at("/spec/minReplicas").asInt(1)).findFirst().orElse(1);
    }

    private static void checkRollingUpdateNeverBelowReplicas(JsonNode deployment) {
        String name = deployment.at("/metadata/name").asText();
        JsonNode strategy = deployment.at("/spec/strategy");
        assertEquals("RollingUpdate", strategy.path("type").asText(), name + " strategy");
        int replicas = Math.max(1, deployment.at("/spec/replicas").asInt(1));
        assertEquals(0, count(strategy.at("/rollingUpdate/maxUnavailable"), replicas, false, -1),
                name + " rollingUpdate.maxUnavailable (a rollout must never take a ready replica away first)");
        assertTrue(count(strategy.at("/rollingUpdate/maxSurge"), replicas, true, -1) >= 1,
                name + " rollingUpdate.maxSurge must be at least 1 when maxUnavailable is 0 (else the rollout cannot start)");
    }

    /** The PodDisruptionBudget whose selector matches the Deployment's pods; exactly one. */
    private static JsonNode budgetFor(List<JsonNode> manifests, JsonNode deployment) {
        JsonNode labels = deployment.at("/spec/template/metadata/labels");
        String namespace = deployment.at("/metadata/namespace").asText("");
        List<JsonNode> budgets = ofKind(manifests, "PodDisruptionBudget").stream()
                .filter(p -> p.at("/metadata/namespace").asText("").equals(namespace))
                .filter(p -> selects(p.at("/spec/selector"), labels)).toList();
        String name = deployment.at("/metadata/name").asText();
        assertEquals(1, budgets.size(), "PodDisruptionBudgets selecting the pods of " + name);
        return budgets.get(0);
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        JsonNode match = selector.path("matchLabels");
        if ((match.isMissingNode() || match.isEmpty()) && selector.path("matchExpressions").isEmpty()) {
            return false;
        }
        assertTrue(selector.path("matchExpressions").isEmpty(), "matchExpressions are not read by this test: " + selector);
        for (Map.Entry<String, JsonNode> e : match.properties()) {
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    /** How many pods the budget lets a drain evict when {@code replicas} are healthy. */
    private static int allowedDisruptions(JsonNode pdb, int replicas) {
        JsonNode maxUnavailable = pdb.at("/spec/maxUnavailable");
        JsonNode minAvailable = pdb.at("/spec/minAvailable");
        assertTrue(maxUnavailable.isMissingNode() != minAvailable.isMissingNode(),
                "a PodDisruptionBudget sets exactly one of maxUnavailable and minAvailable: " + pdb.at("/metadata/name"));
        if (!maxUnavailable.isMissingNode()) {
            return Math.min(replicas, count(maxUnavailable, replicas, true, 0));
        }
        return Math.max(0, replicas - count(minAvailable, replicas, true, 0));
    }

    /** An int-or-percent field as Kubernetes reads it, rounding percentages up or down. */
    private static int count(JsonNode value, int of, boolean roundUp, int ifMissing) {
        if (value.isMissingNode() || value.isNull()) {
            if (ifMissing < 0) {
                fail("missing int-or-percent value");
            }
            return ifMissing;
        }
        if (value.isInt()) {
            return value.asInt();
        }
        String text = value.asText();
        if (text.endsWith("%")) {
            double exact = Integer.parseInt(text.substring(0, text.length() - 1)) * of / 100.0;
            return (int) (roundUp ? Math.ceil(exact) : Math.floor(exact));
        }
        return Integer.parseInt(text);
    }

    private static int partitionsOf(String topic) {
        Integer count = partitions.get(topic);
        assertNotNull(count, topic + " is not in deploy/components/strimzi-topics (topics there: " + partitions.keySet() + ")");
        return count;
    }

    /** The topics a service's Kafka channels read, from its application.properties. */
    private static List<String> inputTopics(String service) throws IOException {
        Path properties = root.resolve(service).resolve("src/main/resources/application.properties");
        List<String> topics = new ArrayList<>();
        try (Stream<String> lines = Files.lines(properties)) {
            lines.forEach(line -> {
                Matcher m = INCOMING_TOPIC.matcher(line);
                if (m.matches()) {
                    topics.add(m.group(2));
                }
            });
        }
        assertFalse(topics.isEmpty(), "no mp.messaging.incoming.<channel>.topic in " + properties);
        return topics;
    }

    /** The seconds a preStop hook sleeps: the sleep action, or an exec of {@code sleep N}; 0 for anything else. */
    private static int preStopSleep(JsonNode preStop) {
        if (preStop.has("sleep")) {
            return preStop.at("/sleep/seconds").asInt(0);
        }
        JsonNode command = preStop.at("/exec/command");
        if (command.size() == 2 && command.get(0).asText().endsWith("sleep")) {
            return command.get(1).asInt(0);
        }
        return 0;
    }

    private static JsonNode missing() {
        return YAML.missingNode();
    }

    private static boolean onPath(String command) {
        return Optional.ofNullable(System.getenv("PATH")).stream()
                .flatMap(path -> Stream.of(path.split(File.pathSeparator)))
                .map(dir -> Path.of(dir, command))
                .anyMatch(Files::isExecutable);
    }
}
