package io.relais.knowledge.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.relais.contracts.ArticleSuggestion;
import io.relais.contracts.ContactContextualized;
import io.relais.contracts.ContactDetails;
import io.relais.contracts.ContactReady;
import io.relais.contracts.ContactStatus;
import io.relais.contracts.ContactStatusChanged;
import io.relais.knowledge.config.KnowledgeConfig;
import io.relais.knowledge.domain.ReasonCodes;
import io.relais.knowledge.repository.ArticleRepository;
import io.relais.platform.inbox.ProcessedMessages;
import io.relais.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;

/** Attaches to each contextualized contact the few articles its agent needs, then sends it on to be routed. */
@ApplicationScoped
public class Guidance {

    static final String ACTOR = "knowledge-service";

    private final ArticleRepository articles;
    private final ProcessedMessages processed;
    private final Outbox outbox;
    private final KnowledgeConfig config;
    private final MeterRegistry registry;
    private final Timer selection;
    private final Counter suggested;

    public Guidance(ArticleRepository articles, ProcessedMessages processed, Outbox outbox, KnowledgeConfig config,
            MeterRegistry registry) {
        this.articles = articles;
        this.processed = processed;
        this.outbox = outbox;
        this.config = config;
        this.registry = registry;
        this.selection = Timer.builder("relais.guidance.selection")
                .description("Time to choose the articles for a contact").publishPercentileHistogram().register(registry);
        this.suggested = Counter.builder("relais.guidance.suggestions")
                .description("Articles attached to contacts").register(registry);
    }

    @WithTransaction
    public Uni<Void> attach(ContactContextualized event) {
        ContactDetails contact = event.contact();
        return processed.firstDelivery(ACTOR, event.eventId()).flatMap(first -> {
            if (!first) {
                return Uni.createFrom().voidItem();
            }
            Timer.Sample sample = Timer.start(registry);
            return articles.forContact(ReasonCodes.withAncestors(contact.reasonCode()), contact.channel().code(),
                            contact.language(), contact.subject(), config.maxSuggestions())
                    .flatMap(matches -> {
                        sample.stop(selection);
                        suggested.increment(matches.size());
                        List<ArticleSuggestion> guidance = matches.stream()
                                .map(m -> new ArticleSuggestion(m.id(), m.version(), m.kind(), m.title(), m.body(),
                                        m.byReason() ? "answers reason " + contact.reasonCode() : "matches words of the subject"))
                                .toList();
                        return outbox.appendAll(List.of(
                                ContactReady.of(contact, event.customer(), guidance),
                                ContactStatusChanged.of(contact.contactId(), contact.workspace(), ContactStatus.READY, ACTOR,
                                        guidance.size() + " articles attached")));
                    });
        });
    }
}
