package io.relais.routing.service;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.relais.contracts.ArticlePublished;
import io.relais.contracts.ArticleRetired;
import io.relais.contracts.BriefingReceipt;
import io.relais.platform.problem.ProblemException;
import io.relais.routing.repository.AgentBriefingRepository;
import io.relais.routing.repository.AgentRepository;
import io.relais.routing.repository.BriefingArticleRepository;
import io.relais.routing.repository.RoutedContactRepository;
import io.smallrye.mutiny.Uni;

/**
 * Briefings as agents live them: published articles delivered to the agents they concern, read on the desktop,
 * acknowledged. Acknowledging grants the article's certification in the same change of the agent's workspace, so that
 * routing (held contacts included) sees the agent certified at once.
 */
@ApplicationScoped
public class Briefings {

    private final BriefingDelivery delivery;
    private final AgentDirectory directory;
    private final Workspaces workspaces;
    private final AgentRepository agents;
    private final AgentBriefingRepository briefings;
    private final BriefingArticleRepository articles;
    private final RoutedContactRepository contacts;
    private final Offers offers;

    public Briefings(BriefingDelivery delivery, AgentDirectory directory, Workspaces workspaces, AgentRepository agents,
            AgentBriefingRepository briefings, BriefingArticleRepository articles, RoutedContactRepository contacts,
            Offers offers) {
        this.delivery = delivery;
        this.directory = directory;
        this.workspaces = workspaces;
        this.agents = agents;
        this.briefings = briefings;
        this.articles = articles;
        this.contacts = contacts;
        this.offers = offers;
    }

    /** From {@code relais.knowledge}: offers and procedures are delivered; other articles are ignored. */
    public Uni<Void> published(ArticlePublished event) {
        return delivery.published(event);
    }

    /** From {@code relais.knowledge}: a retired article's unread briefings are withdrawn. */
    public Uni<Void> retired(ArticleRetired event) {
        return delivery.retired(event);
    }

    /** The agent's briefings, newest first, pending and acknowledged. */
    @WithSession
    public Uni<List<BriefingNote>> of(String agentId) {
        return directory.find(agentId).flatMap(a -> delivery.of(agentId, false));
    }

    /**
     * Records that the agent read the briefing (the version delivered; {@code version}, if given, must be that one)
     * and grants its certification. Acknowledging again changes nothing.
     */
    public Uni<BriefingNote> acknowledge(String agentId, UUID articleId, Integer version) {
        return directory.find(agentId).flatMap(found -> workspaces.change(found.workspace, change -> briefings
                .deliveredVersion(agentId, articleId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("agent " + agentId + " has no briefing for article "
                        + articleId + "; GET /api/agents/" + agentId + "/briefings lists theirs"))
                .flatMap(delivered -> {
                    if (version != null && !version.equals(delivered)) {
                        throw ProblemException.conflict("the briefing delivered to " + agentId + " is version " + delivered
                                + " of article " + articleId + ", not version " + version + "; read version " + delivered
                                + " and acknowledge it");
                    }
                    // The acknowledgment is written first and the briefing read after, so it is read as committed.
                    return articles.findById(articleId).flatMap(article -> briefings.acknowledge(agentId, articleId, delivered, change.now)
                            .flatMap(first -> {
                                if (!first) {
                                    return Uni.createFrom().voidItem();
                                }
                                change.publish(BriefingReceipt.of(articleId, delivered, found.workspace, agentId,
                                        BriefingReceipt.ACKNOWLEDGED));
                                change.afterCommit(delivery::countAcknowledged);
                                if (article.certification == null) {
                                    return Uni.createFrom().voidItem();
                                }
                                return agents.findById(agentId).flatMap(a -> directory.certify(change, a,
                                        article.certification, true, "agent:" + agentId + " (briefing " + articleId + ")"))
                                        .replaceWithVoid();
                            })
                            .flatMap(x -> briefings.find(agentId, articleId))
                            .map(b -> BriefingNote.of(article, b)));
                })));
    }

    /**
     * What a desktop that connects is shown first: the contacts the agent holds (one that needs a certification they
     * lack with its briefing, offered or accepted), then their pending briefings.
     */
    @WithSession
    public Uni<List<DesktopEvent>> current(String agentId) {
        return directory.find(agentId).flatMap(agent -> contacts.heldBy(agentId).flatMap(held -> {
            Uni<List<DesktopEvent>> events = Uni.createFrom().item(new ArrayList<>());
            for (var c : held) {
                events = events.call(list -> delivery.forHeldOffer(c, agent)
                        .invoke(note -> list.add(offers.offerEvent(c).withBriefing(note))));
            }
            return events.call(list -> delivery.of(agentId, true)
                    .invoke(notes -> notes.forEach(n -> list.add(DesktopEvent.briefing(n, n.deliveredAt())))));
        }));
    }
}
