package io.relais.knowledge.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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
import io.relais.contracts.Limits;
import io.relais.contracts.PastContact;
import io.relais.knowledge.config.KnowledgeConfig;
import io.relais.knowledge.domain.ArticleKind;
import io.relais.knowledge.domain.Markdown;
import io.relais.knowledge.domain.ReasonCodes;
import io.relais.knowledge.repository.ArticleVersionRepository.Match;
import io.relais.knowledge.repository.ArticleVersionRepository;
import io.relais.knowledge.repository.UsageRepository;
import io.relais.platform.inbox.ProcessedMessages;
import io.relais.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;

/**
 * Attaches to each contextualized contact the few articles its agent needs (published, in effect, for its reason,
 * channel, language, segment and words), the communication rules of its channel, and the certification the handling
 * agent should hold, then sends it on to be routed. A repeat contact marks the customer's earlier contact for the same
 * reason as repeated, for the articles' effectiveness.
 */
@ApplicationScoped
public class Guidance {

    static final String ACTOR = "knowledge-service";

    private final ArticleVersionRepository articles;
    private final UsageRepository usage;
    private final ProcessedMessages processed;
    private final Outbox outbox;
    private final KnowledgeConfig config;
    private final MeterRegistry registry;
    private final Timer selection;
    private final Counter suggested;

    public Guidance(ArticleVersionRepository articles, UsageRepository usage, ProcessedMessages processed, Outbox outbox,
            KnowledgeConfig config, MeterRegistry registry) {
        this.articles = articles;
        this.usage = usage;
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
            return articles.forContact(ReasonCodes.withAncestors(contact.reasonCode()), contact.reasonCode(),
                            contact.channel().code(), contact.language(),
                            contact.segment() == null ? null : contact.segment().strip().toLowerCase(java.util.Locale.ROOT),
                            contact.subject(),
                            Instant.now(), Math.min(config.maxSuggestions(), Limits.GUIDANCE_ARTICLES),
                            Math.min(config.maxCommunicationRules(), Limits.GUIDANCE_RULES))
                    .flatMap(matches -> {
                        sample.stop(selection);
                        suggested.increment(matches.size());
                        List<ArticleSuggestion> guidance = matches.stream()
                                .map(m -> new ArticleSuggestion(m.id(), m.version(), m.kind(), m.title(),
                                        Markdown.summary(m.body(), Limits.GUIDANCE_SUMMARY),
                                        Limits.truncate(why(m, contact), Limits.WHY),
                                        ArticleSuggestion.linkTo(m.id(), m.version())))
                                .toList();
                        return markRepeat(event).chain(() -> outbox.appendAll(List.of(
                                ContactReady.of(contact, event.customer(), guidance, requiredCertification(matches)),
                                ContactStatusChanged.of(contact.contactId(), contact.workspace(), ContactStatus.READY, ACTOR,
                                        guidance.size() + " articles attached"))));
                    });
        });
    }

    /** The certification of the first chosen offer or procedure that has one. */
    static String requiredCertification(List<Match> matches) {
        return matches.stream()
                .filter(m -> !m.rule() && m.certification() != null)
                .filter(m -> ArticleKind.OFFER.code().equals(m.kind()) || ArticleKind.PROCEDURE.code().equals(m.kind()))
                .map(Match::certification).findFirst().orElse(null);
    }

    private static String why(Match m, ContactDetails contact) {
        if (m.rule()) {
            return "communication rule for " + contact.channel().code();
        }
        if (m.exactReason()) {
            return "answers reason " + contact.reasonCode();
        }
        if (m.byReason()) {
            return "answers a parent of reason " + contact.reasonCode();
        }
        return "matches words of the subject";
    }

    /**
     * context-service flags a repeat contact (same reason within its window): the customer's latest earlier contact
     * for that reason, found in the summary's recent contacts, did not settle the matter.
     */
    private Uni<Void> markRepeat(ContactContextualized event) {
        ContactDetails contact = event.contact();
        if (event.customer() == null || !event.customer().repeatContact()) {
            return Uni.createFrom().voidItem();
        }
        List<PastContact> earlier = new ArrayList<>(event.customer().recentContacts());
        return earlier.stream()
                .filter(p -> !p.contactId().equals(contact.contactId()))
                .filter(p -> contact.reasonCode() == null || Objects.equals(contact.reasonCode(), p.reasonCode()))
                .findFirst()
                .map(p -> usage.markRepeated(p.contactId(), contact.contactId(), contact.receivedAt()))
                .orElse(Uni.createFrom().voidItem());
    }
}
