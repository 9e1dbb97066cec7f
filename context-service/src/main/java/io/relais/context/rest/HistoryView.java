package io.relais.context.rest;

import java.util.List;
import java.util.UUID;

import io.relais.context.service.CustomerHistory;

/** A page of a customer's contacts across every channel, newest first. */
public record HistoryView(UUID customerId, List<IdentifierView> identifiers, List<ContactView> contacts, int page,
        int size, long total) {

    public record IdentifierView(String kind, String value) {
    }

    static HistoryView of(CustomerHistory.HistoryPage p, int page, int size) {
        return new HistoryView(p.customerId(),
                p.identifiers().stream().map(i -> new IdentifierView(i.key.kind(), i.key.value())).toList(),
                p.contacts().stream().map(c -> ContactView.of(c, null)).toList(), page, size, p.total());
    }
}
