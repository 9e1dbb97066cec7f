package io.relais.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Every event of {@link EventType}, built with each field at its maximum ({@link Limits}), fits the broker's default
 * maximum message size once serialised as the services serialise it, with its key and its CloudEvents headers as the
 * outbox relay writes them. A new event type does not compile until {@link #largest} builds it.
 */
class EventSizeContractTest {

    /** The services' ObjectMapper: Quarkus's defaults (quarkus.jackson.*), which no service overrides. */
    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new Jdk8Module())
            .registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .setTimeZone(java.util.TimeZone.getTimeZone(ZoneOffset.UTC));

    private static final Instant AT = Instant.parse("2026-12-01T23:59:59.999999999Z");

    @ParameterizedTest
    @EnumSource(EventType.class)
    void eachEventAtItsFieldsMaximaFitsTheBrokersDefaultMaximumMessageSize(EventType type) throws Exception {
        RelaisEvent event = largest(type);
        assertEquals(type, event.eventType());
        everyFieldFilled(type.name(), event);

        byte[] value = JSON.writeValueAsBytes(event);
        assertEquals(event, JSON.readValue(value, type.payloadClass()), "read back as written");
        int batch = recordBatchBytes(event, value);
        int estimate = producerEstimate(event, value);
        System.out.printf("%-24s value %,9d B  batch %,9d B  producer estimate %,9d B  (%.0f %% of %,d)%n", type,
                value.length, batch, estimate, 100.0 * Math.max(batch, estimate) / Limits.MAX_RECORD_BYTES,
                Limits.MAX_RECORD_BYTES);
        assertTrue(batch <= Limits.MAX_RECORD_BYTES, type + ": a record batch of " + batch
                + " bytes is over the broker's max.message.bytes (" + Limits.MAX_RECORD_BYTES + ")");
        assertTrue(estimate <= Limits.MAX_RECORD_BYTES, type + ": " + estimate
                + " bytes is over the producer's max.request.size (" + Limits.MAX_RECORD_BYTES + ")");
    }

    @Test
    void theCheckRefusesAnEventOverTheMaximum() throws Exception {
        // the same measure on what ContactReady carried before schema 2: three articles of 200,000-character bodies
        String body = WORST.apply(200_000);
        ContactReady ready = (ContactReady) largest(EventType.CONTACT_READY);
        byte[] value = JSON.writeValueAsBytes(Map.of("event", ready, "bodies", List.of(body, body, body)));
        assertTrue(recordBatchBytes(ready, value) > Limits.MAX_RECORD_BYTES);
    }

    @Test
    void truncateCutsOnAWordBoundaryWithinTheMaximum() {
        assertEquals("short", Limits.truncate("short", 10));
        assertEquals("one two…", Limits.truncate("one two three", 10));
        assertEquals("abcdefghi…", Limits.truncate("abcdefghijklmnop", 10), "one long word is cut inside");
        assertEquals(null, Limits.truncate(null, 10));
        String cut = Limits.truncate("word ".repeat(200), Limits.GUIDANCE_SUMMARY);
        assertTrue(cut.length() <= Limits.GUIDANCE_SUMMARY && cut.endsWith("word…"), cut);
    }

    @Test
    void aLifecycleStepsDetailIsCutToItsMaximumByItsFactory() {
        ContactStatusChanged step = ContactStatusChanged.of(UUID.randomUUID(), "default", ContactStatus.QUEUED,
                "routing-service", "agent weighed ".repeat(1_000));
        assertTrue(step.detail().length() <= Limits.DETAIL && step.detail().endsWith("…"), step.detail().length() + "");
    }

    @Test
    void slicesKeepEveryElementInOrderWithinTheMaximum() {
        List<Integer> all = IntStream.range(0, 12_001).boxed().toList();
        List<List<Integer>> slices = Limits.slices(all, Limits.IDS_PER_EVENT);
        assertEquals(3, slices.size());
        assertTrue(slices.stream().allMatch(s -> s.size() <= Limits.IDS_PER_EVENT));
        assertEquals(all, slices.stream().flatMap(List::stream).toList());
        assertEquals(List.of(List.of()), Limits.slices(List.of(), 10), "nothing to carry is still one event");
    }

    // Worst cases: free text at its worst JSON cost (a control character is written \u0001: 6 bytes), codes and ids
    // in the ASCII their patterns allow.
    private static final IntFunction<String> WORST = n -> "\u0001".repeat(n);
    private static final IntFunction<String> CODE = n -> "a".repeat(n);

    /** The event of this type with every field at its maximum. */
    static RelaisEvent largest(EventType type) {
        return switch (type) {
            case CONTACT_CONTEXTUALIZED -> new ContactContextualized(UUID.randomUUID(), AT, ContactContextualized.SCHEMA_VERSION,
                    contact(), customer());
            case CONTACT_READY -> new ContactReady(UUID.randomUUID(), AT, ContactReady.SCHEMA_VERSION, contact(), customer(),
                    guidance(), CODE.apply(Limits.CERTIFICATION));
            case CONTACT_STATUS_CHANGED -> new ContactStatusChanged(UUID.randomUUID(), AT,
                    ContactStatusChanged.SCHEMA_VERSION, UUID.randomUUID(), CODE.apply(Limits.WORKSPACE),
                    ContactStatus.CONTEXTUALIZED, WORST.apply(Limits.ACTOR), WORST.apply(Limits.DETAIL),
                    CODE.apply(Limits.AGENT_ID));
            case CONTACT_COMPLETED -> new ContactCompleted(UUID.randomUUID(), AT, ContactCompleted.SCHEMA_VERSION,
                    UUID.randomUUID(), CODE.apply(Limits.WORKSPACE), UUID.randomUUID(), CODE.apply(Limits.AGENT_ID),
                    CODE.apply(Limits.REASON_CODE), Outcome.FOLLOW_UP, WORST.apply(Limits.NOTE), AT, AT, Boolean.TRUE,
                    WORST.apply(Limits.SUGGESTION), ids(Limits.ARTICLES_USED));
            case AGENT_CHANGED -> new AgentChanged(UUID.randomUUID(), AT, AgentChanged.SCHEMA_VERSION,
                    CODE.apply(Limits.AGENT_ID), CODE.apply(Limits.WORKSPACE), CODE.apply(Limits.CODE),
                    CODE.apply(Limits.CODE), WORST.apply(Limits.STATUS_REASON),
                    map(Limits.AGENT_SKILLS, i -> code(Limits.SKILL, i), i -> 5),
                    list(Limits.AGENT_LANGUAGES, i -> code(Limits.LANGUAGE, i)),
                    map(Channel.values().length, i -> Channel.values()[i].code(), i -> 20),
                    list(Limits.AGENT_CERTIFICATIONS, i -> code(Limits.CERTIFICATION, i)), WORST.apply(Limits.ACTOR));
            case VOICE_OF_CUSTOMER -> new VoiceOfCustomer(UUID.randomUUID(), AT, VoiceOfCustomer.SCHEMA_VERSION,
                    UUID.randomUUID(), CODE.apply(Limits.WORKSPACE), Channel.PHONE, CODE.apply(Limits.LANGUAGE),
                    CODE.apply(Limits.REASON_CODE), WORST.apply(Limits.SUGGESTION));
            case CUSTOMERS_MERGED -> new CustomersMerged(UUID.randomUUID(), AT, CustomersMerged.SCHEMA_VERSION,
                    UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), ids(Limits.IDS_PER_EVENT),
                    WORST.apply(Limits.ACTOR), WORST.apply(Limits.REVIEW_REASON));
            case CUSTOMERS_UNMERGED -> new CustomersUnmerged(UUID.randomUUID(), AT, CustomersUnmerged.SCHEMA_VERSION,
                    UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), ids(Limits.IDS_PER_EVENT),
                    WORST.apply(Limits.ACTOR), WORST.apply(Limits.REVIEW_REASON));
            case CUSTOMER_ERASED -> new CustomerErased(UUID.randomUUID(), AT, CustomerErased.SCHEMA_VERSION,
                    UUID.randomUUID(), ids(Limits.IDS_PER_EVENT), ids(Limits.IDS_PER_EVENT),
                    list(Limits.WORKSPACES_PER_EVENT, i -> code(Limits.WORKSPACE, i)));
            case REASON_TAXONOMY_CHANGED -> new ReasonTaxonomyChanged(UUID.randomUUID(), AT,
                    ReasonTaxonomyChanged.SCHEMA_VERSION, CODE.apply(Limits.WORKSPACE), Long.MAX_VALUE,
                    list(Limits.REASONS, i -> new ReasonDefinition(code(Limits.REASON_CODE, i),
                            WORST.apply(Limits.REASON_LABEL), WORST.apply(Limits.REASON_LABEL), true)),
                    WORST.apply(Limits.ACTOR));
            case ARTICLE_PUBLISHED -> new ArticlePublished(UUID.randomUUID(), AT, ArticlePublished.SCHEMA_VERSION,
                    UUID.randomUUID(), Integer.MAX_VALUE, CODE.apply(Limits.CODE), CODE.apply(Limits.LANGUAGE),
                    WORST.apply(Limits.ARTICLE_TITLE), WORST.apply(Limits.BRIEFING_SUMMARY),
                    list(Limits.ARTICLE_CODES, i -> code(Limits.REASON_CODE, i)),
                    list(Limits.ARTICLE_CODES, i -> code(Limits.SEGMENT, i)),
                    list(Channel.values().length, i -> Channel.values()[i].code()), CODE.apply(Limits.CERTIFICATION),
                    AT, AT, true, WORST.apply(Limits.ACTOR));
            case ARTICLE_RETIRED -> new ArticleRetired(UUID.randomUUID(), AT, ArticleRetired.SCHEMA_VERSION,
                    UUID.randomUUID(), Integer.MAX_VALUE, WORST.apply(Limits.ACTOR));
            case BRIEFING_RECEIPT -> new BriefingReceipt(UUID.randomUUID(), AT, BriefingReceipt.SCHEMA_VERSION,
                    UUID.randomUUID(), Integer.MAX_VALUE, CODE.apply(Limits.WORKSPACE), CODE.apply(Limits.AGENT_ID),
                    BriefingReceipt.ACKNOWLEDGED);
        };
    }

    private static ContactDetails contact() {
        return new ContactDetails(UUID.randomUUID(), CODE.apply(Limits.WORKSPACE), WORST.apply(Limits.GATEWAY_CONTACT_ID),
                Channel.CHAT, WORST.apply(Limits.ADDRESS), CODE.apply(Limits.LANGUAGE), WORST.apply(Limits.SUBJECT),
                CODE.apply(Limits.REASON_CODE), UUID.randomUUID(), AT, CODE.apply(Limits.SEGMENT));
    }

    private static CustomerSummary customer() {
        IntFunction<PastContact> past = i -> new PastContact(UUID.randomUUID(), Channel.MAIL, AT, ContactStatus.COMPLETED,
                WORST.apply(Limits.PAST_CONTACT_SUBJECT), CODE.apply(Limits.REASON_CODE), Outcome.FOLLOW_UP,
                CODE.apply(Limits.AGENT_ID), WORST.apply(Limits.PAST_CONTACT_NOTE));
        return new CustomerSummary(UUID.randomUUID(), true, CODE.apply(Limits.LANGUAGE), Integer.MAX_VALUE,
                CODE.apply(Limits.AGENT_ID), AT, true, list(Limits.RECENT_CONTACTS, past),
                list(Limits.RECENT_CONTACTS, past));
    }

    private static List<ArticleSuggestion> guidance() {
        return list(Limits.GUIDANCE_ARTICLES + Limits.GUIDANCE_RULES, i -> new ArticleSuggestion(UUID.randomUUID(),
                Integer.MAX_VALUE, CODE.apply(Limits.CODE), WORST.apply(Limits.ARTICLE_TITLE),
                WORST.apply(Limits.GUIDANCE_SUMMARY), WORST.apply(Limits.WHY), WORST.apply(Limits.LINK)));
    }

    /** A distinct code of exactly {@code length} characters (a set or a map key cannot repeat). */
    private static String code(int length, int i) {
        String suffix = Integer.toString(i, 36);
        return "a".repeat(Math.max(0, length - suffix.length())) + suffix;
    }

    private static List<UUID> ids(int n) {
        return list(n, i -> UUID.randomUUID());
    }

    private static <T> List<T> list(int n, IntFunction<T> element) {
        return IntStream.range(0, n).mapToObj(element).toList();
    }

    private static <V> Map<String, V> map(int n, IntFunction<String> key, IntFunction<V> value) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            map.put(key.apply(i), value.apply(i));
        }
        return map;
    }

    /** What the outbox relay sends: key, value and the CloudEvents binary-mode headers. */
    private static Header[] headers(RelaisEvent event) {
        List<Header> headers = new ArrayList<>();
        headers.add(header("ce_specversion", "1.0"));
        headers.add(header("ce_id", event.eventId().toString()));
        headers.add(header("ce_type", event.eventType().cloudEventType()));
        headers.add(header("ce_source", "relais/knowledge-service"));
        headers.add(header("ce_time", AT.atZone(ZoneOffset.UTC).toString()));
        headers.add(header("ce_subject", event.key()));
        headers.add(header("ce_datacontenttype", "application/json"));
        headers.add(header("content-type", "application/json"));
        return headers.toArray(Header[]::new);
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The size of a record batch holding only this record: what the broker checks against max.message.bytes. */
    private static int recordBatchBytes(RelaisEvent event, byte[] value) {
        return MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(AT.toEpochMilli(),
                event.key().getBytes(StandardCharsets.UTF_8), value, headers(event))).sizeInBytes();
    }

    /** The upper bound the producer checks against max.request.size before sending. */
    private static int producerEstimate(RelaisEvent event, byte[] value) {
        return AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE,
                event.key().getBytes(StandardCharsets.UTF_8), value, headers(event));
    }

    /**
     * Every component of the event, and of the records and lists in it, is set and not empty: a field left null or
     * empty would make the measure pass for nothing.
     */
    private static void everyFieldFilled(String path, Object value) throws Exception {
        assertNotNull(value, path + " is null in the largest event: give it its maximum");
        if (value instanceof String s) {
            assertFalse(s.isEmpty(), path + " is empty");
        } else if (value instanceof Collection<?> c) {
            assertFalse(c.isEmpty(), path + " is empty");
            everyFieldFilled(path + "[0]", c.iterator().next());
        } else if (value instanceof Map<?, ?> m) {
            assertFalse(m.isEmpty(), path + " is empty");
        } else if (value.getClass().isRecord()) {
            for (RecordComponent component : value.getClass().getRecordComponents()) {
                everyFieldFilled(path + "." + component.getName(), component.getAccessor().invoke(value));
            }
        }
    }
}
