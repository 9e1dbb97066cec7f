package io.relais.context.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.relais.context.domain.HistoryFilter;
import io.relais.context.service.CustomerHistory;
import io.relais.contracts.Channel;

/**
 * A page of a customer's contacts across every channel, newest first. Each contact carries its codification: agent,
 * reason, outcome, note, avoidable, suggestion. {@code total} counts the contacts matching the filter.
 */
public record HistoryView(UUID customerId, List<IdentifierView> identifiers, List<ContactView> contacts, int page,
        int size, long total, int totalPages, boolean hasNext, Filter filter) {

    public record IdentifierView(String kind, String value) {
    }

    /** The filter applied (null fields: not filtered). */
    public record Filter(Channel channel, Instant from, Instant to, String reason) {
    }

    static HistoryView of(CustomerHistory.HistoryPage p, HistoryFilter f, int page, int size) {
        int totalPages = (int) ((p.total() + size - 1) / size);
        return new HistoryView(p.customerId(),
                p.identifiers().stream().map(i -> new IdentifierView(i.key.kind(), i.key.value())).toList(),
                p.contacts().stream().map(c -> ContactView.of(c, p.unidentified(), null)).toList(), page, size, p.total(), totalPages,
                page + 1 < totalPages, new Filter(f.channel(), f.from(), f.to(), f.reason()));
    }
}
