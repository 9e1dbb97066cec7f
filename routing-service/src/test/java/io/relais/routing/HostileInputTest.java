package io.relais.routing;


import java.net.URL;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.relais.stack.HostileInputCorpus;
import io.relais.stack.RelaisTestResource;

/** Every operation of the service's OpenAPI, hostile input everywhere: never a 5xx, every 4xx a problem detail. */
@QuarkusTest
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "routing"))
class HostileInputTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void noOperationAnswersHostileInputWithA5xxAndEveryRefusalIsAProblemDetail() throws Exception {
        HostileInputCorpus.Report report = new HostileInputCorpus(base.toString(), PATH_VALUES).run();
        report.verify(KNOWN_OPERATIONS);
    }

    /** Ids no other test uses: a request the corpus gets through changes nobody else's agent or queue. */
    private static final Map<String, String> PATH_VALUES = Map.of("id", "corpus-agent", "agentId", "corpus-agent",
            "certification", "corpus-certification");
    private static final List<String> KNOWN_OPERATIONS = List.of("POST /api/agents", "PUT /api/agents/{id}/status",
            "POST /api/agents/{agentId}/contacts/{contactId}/complete");
}
