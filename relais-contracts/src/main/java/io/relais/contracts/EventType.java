package io.relais.contracts;

/** Each event's topic, CloudEvents type and record class, written once. */
public enum EventType {

    CONTACT_CONTEXTUALIZED(Topics.CONTACTS_CONTEXTUALIZED, "io.relais.contact.contextualized", ContactContextualized.class),
    CONTACT_READY(Topics.CONTACTS_READY, "io.relais.contact.ready", ContactReady.class),
    CONTACT_STATUS_CHANGED(Topics.CONTACTS_LIFECYCLE, "io.relais.contact.status-changed", ContactStatusChanged.class),
    CONTACT_COMPLETED(Topics.CONTACTS_COMPLETED, "io.relais.contact.completed", ContactCompleted.class),
    AGENT_CHANGED(Topics.AGENTS, "io.relais.agent.changed", AgentChanged.class),
    VOICE_OF_CUSTOMER(Topics.VOICE_OF_CUSTOMER, "io.relais.customer.suggestion", VoiceOfCustomer.class),
    CUSTOMERS_MERGED(Topics.CUSTOMERS, "io.relais.customer.merged", CustomersMerged.class),
    CUSTOMERS_UNMERGED(Topics.CUSTOMERS, "io.relais.customer.unmerged", CustomersUnmerged.class),
    CUSTOMER_ERASED(Topics.CUSTOMERS, "io.relais.customer.erased", CustomerErased.class),
    REASON_TAXONOMY_CHANGED(Topics.REASONS, "io.relais.reasons.changed", ReasonTaxonomyChanged.class),
    ARTICLE_PUBLISHED(Topics.KNOWLEDGE, "io.relais.article.published", ArticlePublished.class),
    ARTICLE_RETIRED(Topics.KNOWLEDGE, "io.relais.article.retired", ArticleRetired.class),
    BRIEFING_RECEIPT(Topics.BRIEFINGS, "io.relais.briefing.receipt", BriefingReceipt.class);

    private final String topic;
    private final String cloudEventType;
    private final Class<? extends RelaisEvent> payloadClass;

    EventType(String topic, String cloudEventType, Class<? extends RelaisEvent> payloadClass) {
        this.topic = topic;
        this.cloudEventType = cloudEventType;
        this.payloadClass = payloadClass;
    }

    public String topic() {
        return topic;
    }

    public String cloudEventType() {
        return cloudEventType;
    }

    public Class<? extends RelaisEvent> payloadClass() {
        return payloadClass;
    }

    /** The event type with this CloudEvents type, or {@code null} if there is none (a tombstone, a newer producer). */
    public static EventType ofCloudEventType(String cloudEventType) {
        for (EventType t : values()) {
            if (t.cloudEventType.equals(cloudEventType)) {
                return t;
            }
        }
        return null;
    }

    /** Topics whose records are compacted (cleanup.policy=compact): the last record per key is kept, a null value deletes. */
    public static final java.util.Set<String> COMPACTED_TOPICS = java.util.Set.of(Topics.CUSTOMERS, Topics.REASONS);
}
