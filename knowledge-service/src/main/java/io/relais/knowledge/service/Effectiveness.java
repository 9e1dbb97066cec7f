package io.relais.knowledge.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.relais.contracts.ContactCompleted;
import io.relais.knowledge.domain.Verdict;
import io.relais.knowledge.repository.ArticleFeedback;
import io.relais.knowledge.repository.ArticleRepository;
import io.relais.knowledge.repository.ArticleVersionRepository;
import io.relais.knowledge.repository.FeedbackRepository;
import io.relais.knowledge.repository.UsageRepository;
import io.relais.knowledge.repository.UsageRepository.ReasonUse;
import io.relais.platform.inbox.ProcessedMessages;
import io.relais.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/** Agents' feedback on articles, the articles used in completed contacts, and what editors learn from both. */
@ApplicationScoped
public class Effectiveness {

    static final String CONSUMER = "knowledge-service.completed";

    public record ReasonFigures(String reasonCode, long uses, long resolved, Double resolvedShare, long repeated,
            Double repeatShare) {
    }

    public record FeedbackLine(String agentId, int version, String verdict, String comment, UUID contactId,
            Instant at) {
    }

    public record Report(UUID articleId, long uses, Double resolvedShare, Double repeatShare,
            List<ReasonFigures> byReason, Map<String, Long> feedback, List<FeedbackLine> latestFeedback) {
    }

    private final ArticleRepository articles;
    private final ArticleVersionRepository versions;
    private final FeedbackRepository feedback;
    private final UsageRepository usage;
    private final ProcessedMessages processed;

    public Effectiveness(ArticleRepository articles, ArticleVersionRepository versions, FeedbackRepository feedback,
            UsageRepository usage, ProcessedMessages processed) {
        this.articles = articles;
        this.versions = versions;
        this.feedback = feedback;
        this.usage = usage;
        this.processed = processed;
    }

    /** An agent's verdict, on the given version or else the one agents see (published, or the newest). */
    @WithTransaction
    public Uni<ArticleFeedback> give(UUID articleId, Integer version, String agentId, Verdict verdict, String comment,
            UUID contactId) {
        Uni<io.relais.knowledge.repository.ArticleVersion> which = version == null ? versions.current(articleId)
                : versions.find(articleId, version);
        return which.onItem().ifNull().failWith(() -> ProblemException.notFound(version == null
                        ? "no article " + articleId : "article " + articleId + " has no version " + version))
                .chain(v -> {
                    ArticleFeedback f = new ArticleFeedback();
                    f.id = UUID.randomUUID();
                    f.articleId = articleId;
                    f.version = v.version;
                    f.agentId = agentId.strip();
                    f.verdict = verdict.code();
                    f.comment = comment == null || comment.isBlank() ? null : comment.strip();
                    f.contactId = contactId;
                    f.createdAt = Instant.now();
                    return feedback.persist(f);
                });
    }

    /** relais.contacts.completed: the articles the agent used, once per event. */
    @WithTransaction
    public Uni<Void> completed(ContactCompleted event) {
        return processed.firstDelivery(CONSUMER, event.eventId())
                .chain(first -> first && event.contactId() != null ? usage.record(event) : Uni.createFrom().voidItem());
    }

    @WithSession
    public Uni<Report> report(UUID articleId) {
        return articles.findById(articleId).onItem().ifNull().failWith(() -> ProblemException.notFound("no article " + articleId))
                .chain(a -> usage.byReason(articleId))
                .chain(reasons -> feedback.counts(articleId)
                        .chain(counts -> feedback.latest(articleId, 20).map(latest -> {
                            long uses = reasons.stream().mapToLong(ReasonUse::uses).sum();
                            long resolved = reasons.stream().mapToLong(ReasonUse::resolved).sum();
                            long repeated = reasons.stream().mapToLong(ReasonUse::repeated).sum();
                            Map<String, Long> verdicts = new java.util.LinkedHashMap<>();
                            for (Verdict v : Verdict.values()) {
                                verdicts.put(v.code(), counts.getOrDefault(v.code(), 0L));
                            }
                            return new Report(articleId, uses, share(resolved, uses), share(repeated, uses),
                                    reasons.stream().map(r -> new ReasonFigures(r.reasonCode(), r.uses(), r.resolved(),
                                            share(r.resolved(), r.uses()), r.repeated(), share(r.repeated(), r.uses()))).toList(),
                                    verdicts,
                                    latest.stream().map(f -> new FeedbackLine(f.agentId, f.version, f.verdict, f.comment,
                                            f.contactId, f.createdAt)).toList());
                        })));
    }

    private static Double share(long part, long whole) {
        return whole == 0 ? null : Math.round(1000.0 * part / whole) / 1000.0;
    }
}
