package io.relais.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

class ContactStatusChangedTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @Test
    void anEventWrittenBeforeTheAgentFieldExistedStillReadsWithNoAgent() throws Exception {
        String old = """
                {"eventId":"%s","occurredAt":"2026-11-30T10:00:00Z","schemaVersion":1,"contactId":"%s",
                 "workspace":"default","status":"offered","actor":"routing-service","detail":"offered to agent marie"}
                """.formatted(UUID.randomUUID(), UUID.randomUUID());
        ContactStatusChanged read = JSON.readValue(old, ContactStatusChanged.class);
        assertNull(read.agentId());
        assertEquals("offered to agent marie", read.detail());
    }

    @Test
    void theAgentTravelsAsATypedFieldAndTheEventKeepsItsIdentity() throws Exception {
        ContactStatusChanged offered = ContactStatusChanged.of(UUID.randomUUID(), "default", ContactStatus.OFFERED,
                "routing-service", "offered to agent marie").withAgent("marie");
        ContactStatusChanged read = JSON.readValue(JSON.writeValueAsString(offered), ContactStatusChanged.class);
        assertEquals("marie", read.agentId());
        assertEquals(offered, read);
    }
}
