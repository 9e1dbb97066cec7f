package io.relais.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.relais.stack.HostileInputCorpus;
import io.relais.stack.RelaisTestResource;

/** Every operation of the service's OpenAPI, hostile input everywhere: never a 5xx, every 4xx a problem detail. */
@QuarkusTest
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "context"))
class HostileInputTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void noOperationAnswersHostileInputWithA5xxAndEveryRefusalIsAProblemDetail() throws Exception {
        HostileInputCorpus.Report report = new HostileInputCorpus(base.toString(),
                Map.of("code", "corpus.code")).run();
        assertTrue(report.operations().containsAll(java.util.List.of("POST /api/contacts",
                "POST /api/contacts/{id}/identify", "GET /api/customers/{id}/history", "PUT /api/reasons/{code}")),
                "the corpus reads every operation from /q/openapi: " + report.operations());
        assertTrue(report.requests() > 500, "requests sent: " + report.requests());
        assertEquals("", report.findings().stream().map(Object::toString).collect(Collectors.joining("\n")),
                report.findings().size() + " of " + report.requests() + " answers broke the rule");
    }
}
