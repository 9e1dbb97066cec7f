package io.relais.contracts;

/**
 * Kafka topic names. A consumer's dead-letter topic is its topic name plus {@link #DEAD_LETTER_SUFFIX}.
 * The services' {@code application.properties} name the same topics for their consumers (nothing checks them against
 * this class yet: a change here must be made there too); producers take the topic from {@link EventType} through the
 * outbox, and the local stack creates every topic of {@link EventType} at start.
 */
public final class Topics {

    /** context-service → knowledge-service: a contact with its customer's history. */
    public static final String CONTACTS_CONTEXTUALIZED = "relais.contacts.contextualized";
    /** knowledge-service → routing-service: a contact with its guidance, ready to route. */
    public static final String CONTACTS_READY = "relais.contacts.ready";
    /** every service → context-service: each step of a contact's lifecycle (its timeline). */
    public static final String CONTACTS_LIFECYCLE = "relais.contacts.lifecycle";
    /** routing-service → context-service, knowledge-service: the agent's wrap-up of a contact. */
    public static final String CONTACTS_COMPLETED = "relais.contacts.completed";

    /** routing-service → workforce management, wallboards, audit: every change to an agent's profile or status. */
    public static final String AGENTS = "relais.agents";

    /** context-service → marketing's consumers: customers' suggestions and ideas captured at completion. */
    public static final String VOICE_OF_CUSTOMER = "relais.voice-of-customer";

    /**
     * context-service → routing-service: customers merged and unmerged by identity review (keyed by the surviving
     * customer's id) and customers erased on request (keyed by the erased customer's id, then a tombstone for that key).
     * Compacted (cleanup.policy=compact).
     */
    public static final String CUSTOMERS = "relais.customers";

    /**
     * context-service → routing-service: each workspace's reason taxonomy, whole, after every change (keyed by
     * workspace). Compacted: the last snapshot of each workspace is kept.
     */
    public static final String REASONS = "relais.reasons";

    /**
     * knowledge-service → routing-service: articles of the bible published (briefings to push) and retired (briefings
     * to withdraw). Keyed by article.
     */
    public static final String KNOWLEDGE = "relais.knowledge";

    /** routing-service → knowledge-service: briefings delivered to and acknowledged by agents. Keyed by article. */
    public static final String BRIEFINGS = "relais.briefings";

    public static final String DEAD_LETTER_SUFFIX = ".dlq";

    private Topics() {
    }
}
