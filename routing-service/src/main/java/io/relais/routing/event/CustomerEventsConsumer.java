package io.relais.routing.event;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.relais.contracts.CustomerErased;
import io.relais.contracts.CustomersMerged;
import io.relais.contracts.CustomersUnmerged;
import io.relais.platform.inbox.EventReader;
import io.relais.platform.resilience.ConsumerRetry;
import io.relais.routing.service.CustomerErasures;
import io.relais.routing.service.CustomerMerges;
import io.smallrye.faulttolerance.api.ApplyGuard;
import io.smallrye.mutiny.Uni;

/**
 * Kafka in: {@code relais.customers}. Erasures delete what routing holds on the customer; merges and unmerges move
 * routed contacts between customers. Tombstones (null values) are skipped; a malformed event goes to the dead-letter
 * topic.
 */
@ApplicationScoped
public class CustomerEventsConsumer {

    private final CustomerErasures erasures;
    private final CustomerMerges merges;
    private final EventReader reader;

    public CustomerEventsConsumer(CustomerErasures erasures, CustomerMerges merges, EventReader reader) {
        this.erasures = erasures;
        this.merges = merges;
        this.reader = reader;
    }

    @ApplyGuard(ConsumerRetry.GUARD)
    @Incoming("customers")
    public Uni<Void> onCustomerEvent(ConsumerRecord<String, String> record) {
        var type = EventReader.typeOf(record);
        if (type == null) {
            return Uni.createFrom().voidItem();
        }
        return switch (type) {
            case CUSTOMER_ERASED -> erasures.apply(reader.read(record.value(), CustomerErased.class));
            case CUSTOMERS_MERGED -> merges.merged(reader.read(record.value(), CustomersMerged.class));
            case CUSTOMERS_UNMERGED -> merges.unmerged(reader.read(record.value(), CustomersUnmerged.class));
            default -> Uni.createFrom().voidItem();
        };
    }
}
