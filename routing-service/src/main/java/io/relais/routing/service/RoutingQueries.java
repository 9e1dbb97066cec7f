package io.relais.routing.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.relais.platform.problem.ProblemException;
import io.relais.routing.repository.RoutedContact;
import io.relais.routing.repository.RoutedContactRepository;
import io.smallrye.mutiny.Uni;

/** Reads routing state for supervisors. */
@ApplicationScoped
public class RoutingQueries {

    private final RoutedContactRepository contacts;

    public RoutingQueries(RoutedContactRepository contacts) {
        this.contacts = contacts;
    }

    @WithSession
    public Uni<RoutedContact> contact(UUID contactId) {
        return contacts.findById(contactId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("no contact " + contactId + " in routing"));
    }

    @WithSession
    public Uni<List<RoutedContact>> waiting(String workspace) {
        return contacts.waiting(workspace, 1000);
    }
}
