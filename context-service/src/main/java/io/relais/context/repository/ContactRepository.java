package io.relais.context.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.relais.contracts.Channel;
import io.smallrye.mutiny.Uni;

@WithSession
@ApplicationScoped
public class ContactRepository implements PanacheRepositoryBase<Contact, UUID> {

    public Uni<Contact> findByGatewayId(String workspace, Channel channel, String gatewayContactId) {
        return find("workspace = ?1 and channel = ?2 and gatewayContactId = ?3", workspace, channel, gatewayContactId)
                .firstResult();
    }

    /** The customer's latest contacts, newest first (index contact_customer_received). */
    public Uni<List<Contact>> latestOf(UUID customerId, int max) {
        return find("customerId = ?1 order by receivedAt desc", customerId).page(Page.ofSize(max)).list();
    }

    /** A page of the customer's contacts, newest first, optionally on one channel. */
    public Uni<List<Contact>> pageOf(UUID customerId, Channel channel, int page, int size) {
        var query = channel == null
                ? find("customerId = ?1 order by receivedAt desc", customerId)
                : find("customerId = ?1 and channel = ?2 order by receivedAt desc", customerId, channel);
        return query.page(Page.of(page, size)).list();
    }

    public Uni<Long> countOf(UUID customerId, Channel channel) {
        return channel == null ? count("customerId", customerId)
                : count("customerId = ?1 and channel = ?2", customerId, channel);
    }

    /** Every contact of {@code from} now belongs to {@code to} (a merge). */
    public Uni<Integer> reassign(UUID from, UUID to) {
        return update("customerId = ?1 where customerId = ?2", to, from);
    }

    /** These contacts go back to {@code to} (an unmerge). */
    public Uni<Integer> reassign(List<UUID> contactIds, UUID to) {
        if (contactIds.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return update("customerId = ?1 where id in ?2", to, contactIds);
    }
}
