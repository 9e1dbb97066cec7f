package io.relais.knowledge.event;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.relais.contracts.BriefingReceipt;
import io.relais.knowledge.service.Briefings;
import io.relais.platform.inbox.EventReader;
import io.relais.platform.resilience.ConsumerRetry;
import io.smallrye.faulttolerance.api.ApplyGuard;
import io.smallrye.mutiny.Uni;

/** Kafka in: routing-service's briefing receipts (delivered, acknowledged). Acknowledged after the transaction commits. */
@ApplicationScoped
public class BriefingReceiptsConsumer {

    private final Briefings briefings;
    private final EventReader reader;

    public BriefingReceiptsConsumer(Briefings briefings, EventReader reader) {
        this.briefings = briefings;
        this.reader = reader;
    }

    @ApplyGuard(ConsumerRetry.GUARD)
    @Incoming("briefings")
    public Uni<Void> onReceipt(String payload) {
        return briefings.record(reader.read(payload, BriefingReceipt.class));
    }
}
