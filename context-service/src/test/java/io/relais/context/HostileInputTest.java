package io.relais.context;


import java.net.URL;
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
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "context"))
class HostileInputTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void noOperationAnswersHostileInputWithA5xxAndEveryRefusalIsAProblemDetail() throws Exception {
        HostileInputCorpus.Report report = new HostileInputCorpus(base.toString(),
                Map.of("code", "corpus.code")).run();
        report.verify(java.util.List.of("POST /api/contacts",
                "POST /api/contacts/{id}/identify", "GET /api/customers/{id}/history", "PUT /api/reasons/{code}"));
    }
}
