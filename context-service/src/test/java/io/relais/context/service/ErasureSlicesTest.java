package io.relais.context.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.relais.contracts.CustomerErased;
import io.relais.contracts.Limits;

class ErasureSlicesTest {

    @Test
    void aCustomerWithMoreContactsThanOneEventMayCarryIsErasedInSeveralEventsThatTogetherNameEverything() {
        UUID customer = UUID.randomUUID();
        List<UUID> group = List.of(customer, UUID.randomUUID());
        List<UUID> contacts = IntStream.range(0, 2 * Limits.IDS_PER_EVENT + 1).mapToObj(i -> UUID.randomUUID()).toList();

        List<CustomerErased> events = CustomerPrivacy.erasures(customer, group, contacts, List.of("default", "premium"));

        assertEquals(3, events.size());
        assertTrue(events.stream().allMatch(e -> e.customerId().equals(customer) && e.contactIds().size() <= Limits.IDS_PER_EVENT));
        assertEquals(contacts, events.stream().flatMap(e -> e.contactIds().stream()).toList());
        assertEquals(group, events.stream().flatMap(e -> e.customerIds().stream()).toList());
        assertEquals(List.of("default", "premium"), events.stream().flatMap(e -> e.workspaces().stream()).toList());
        assertEquals(3, events.stream().map(CustomerErased::eventId).distinct().count(), "each its own event id");
    }

    @Test
    void aCustomerWithFewContactsIsErasedInOneEvent() {
        UUID customer = UUID.randomUUID();
        List<CustomerErased> events = CustomerPrivacy.erasures(customer, List.of(customer), List.of(UUID.randomUUID()),
                List.of("default"));
        assertEquals(1, events.size());
        assertEquals(List.of(customer), events.get(0).customerIds());
    }
}
