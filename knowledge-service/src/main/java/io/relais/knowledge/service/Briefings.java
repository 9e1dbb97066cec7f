package io.relais.knowledge.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.relais.contracts.BriefingReceipt;
import io.relais.knowledge.repository.ArticleVersion;
import io.relais.knowledge.repository.ArticleVersionRepository;
import io.relais.knowledge.repository.BriefingRepository;
import io.relais.knowledge.repository.BriefingRepository.Reader;
import io.relais.platform.inbox.EventReader.PoisonMessageException;
import io.relais.platform.inbox.ProcessedMessages;
import io.relais.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/** Who has received and read each published version (routing-service's briefing receipts). */
@ApplicationScoped
public class Briefings {

    static final String CONSUMER = "knowledge-service.briefings";

    /** The readers of a version and its read rate: acknowledged / delivered (a reader counts as delivered). */
    public record Readers(UUID articleId, int version, int delivered, int acknowledged, Double readRate,
            List<Reader> readers) {
    }

    private final BriefingRepository receipts;
    private final ArticleVersionRepository versions;
    private final ProcessedMessages processed;

    public Briefings(BriefingRepository receipts, ArticleVersionRepository versions, ProcessedMessages processed) {
        this.receipts = receipts;
        this.versions = versions;
        this.processed = processed;
    }

    @WithTransaction
    public Uni<Void> record(BriefingReceipt receipt) {
        if (receipt.articleId() == null || receipt.agentId() == null || receipt.agentId().isBlank()
                || !(BriefingReceipt.DELIVERED.equals(receipt.receipt()) || BriefingReceipt.ACKNOWLEDGED.equals(receipt.receipt()))) {
            return Uni.createFrom().failure(new PoisonMessageException("BriefingReceipt " + receipt.eventId()
                    + " needs an articleId, an agentId and a receipt delivered or acknowledged"));
        }
        return processed.firstDelivery(CONSUMER, receipt.eventId())
                .chain(first -> first ? receipts.record(receipt) : Uni.createFrom().voidItem());
    }

    /** {@code version} null: the published version (or the newest if none is published). */
    @WithSession
    public Uni<Readers> readers(UUID articleId, Integer version) {
        Uni<ArticleVersion> which = version == null ? versions.current(articleId) : versions.find(articleId, version);
        return which.onItem().ifNull().failWith(() -> ProblemException.notFound(version == null
                        ? "no article " + articleId : "article " + articleId + " has no version " + version))
                .chain(v -> receipts.readers(articleId, v.version).map(list -> {
                    int acknowledged = (int) list.stream().filter(r -> r.acknowledgedAt() != null).count();
                    Double rate = list.isEmpty() ? null : Math.round(1000.0 * acknowledged / list.size()) / 1000.0;
                    return new Readers(articleId, v.version, list.size(), acknowledged, rate, list);
                }));
    }
}
