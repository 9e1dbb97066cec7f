package io.relais.knowledge.event;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.relais.contracts.CustomerErased;
import io.relais.contracts.EventType;
import io.relais.knowledge.service.CustomerErasures;
import io.relais.platform.inbox.EventReader;
import io.relais.platform.resilience.ConsumerRetry;
import io.smallrye.faulttolerance.api.ApplyGuard;
import io.smallrye.mutiny.Uni;

/**
 * Kafka in: {@code relais.customers}. Acts on CustomerErased; merges, unmerges and tombstones (null values) are
 * skipped (knowledge-service keeps a customer id only beside the articles used). A malformed CustomerErased goes to
 * the dead-letter topic.
 */
@ApplicationScoped
public class CustomerEventsConsumer {

    private final CustomerErasures erasures;
    private final EventReader reader;

    public CustomerEventsConsumer(CustomerErasures erasures, EventReader reader) {
        this.erasures = erasures;
        this.reader = reader;
    }

    @ApplyGuard(ConsumerRetry.GUARD)
    @Incoming("customers")
    public Uni<Void> onCustomerEvent(ConsumerRecord<String, String> record) {
        if (EventReader.typeOf(record) != EventType.CUSTOMER_ERASED) {
            return Uni.createFrom().voidItem();
        }
        return erasures.apply(reader.read(record.value(), CustomerErased.class));
    }
}
