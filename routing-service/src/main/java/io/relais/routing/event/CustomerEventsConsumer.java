package io.relais.routing.event;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.relais.contracts.CustomerErased;
import io.relais.contracts.CustomersMerged;
import io.relais.contracts.CustomersUnmerged;
import io.relais.contracts.EventType;
import io.relais.platform.inbox.EventReader;
import io.relais.routing.service.CustomerErasures;
import io.relais.routing.service.CustomerMerges;
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

    @Incoming("customers")
    public Uni<Void> onCustomerEvent(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader("ce_type");
        if (header == null || record.value() == null) {
            return Uni.createFrom().voidItem();
        }
        String type = new String(header.value(), StandardCharsets.UTF_8);
        if (EventType.CUSTOMER_ERASED.cloudEventType().equals(type)) {
            return erasures.apply(reader.read(record.value(), CustomerErased.class));
        }
        if (EventType.CUSTOMERS_MERGED.cloudEventType().equals(type)) {
            return merges.merged(reader.read(record.value(), CustomersMerged.class));
        }
        if (EventType.CUSTOMERS_UNMERGED.cloudEventType().equals(type)) {
            return merges.unmerged(reader.read(record.value(), CustomersUnmerged.class));
        }
        return Uni.createFrom().voidItem();
    }
}
