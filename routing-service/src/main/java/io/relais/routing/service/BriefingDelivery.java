package io.relais.routing.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.relais.contracts.ArticlePublished;
import io.relais.contracts.ArticleRetired;
import io.relais.contracts.BriefingReceipt;
import io.relais.contracts.RelaisEvent;
import io.relais.platform.outbox.Outbox;
import io.relais.routing.domain.BriefingAudience;
import io.relais.routing.domain.QueueDefinition;
import io.relais.routing.repository.Agent;
import io.relais.routing.repository.AgentBriefing;
import io.relais.routing.repository.AgentBriefingRepository;
import io.relais.routing.repository.AgentRepository;
import io.relais.routing.repository.BriefingArticle;
import io.relais.routing.repository.BriefingArticleRepository;
import io.relais.routing.repository.RoutedContact;
import io.relais.routing.repository.RoutingQueueRepository;
import io.smallrye.mutiny.Uni;

/**
 * Delivers briefings: to the agents an article concerns when it is published, to a new agent it concerns, and to an
 * uncertified agent offered a contact that requires its certification. Each delivery is a row in
 * {@code agent_briefing}, a {@code BriefingReceipt} {@code delivered} in the outbox and, after commit, a
 * {@code briefing} event on the agent's desktop stream.
 */
@ApplicationScoped
public class BriefingDelivery {

    private static final Logger LOG = Logger.getLogger(BriefingDelivery.class);

    private final BriefingArticleRepository articles;
    private final AgentBriefingRepository briefings;
    private final AgentRepository agents;
    private final RoutingQueueRepository queues;
    private final EngineLoader loader;
    private final Outbox outbox;
    private final DesktopLog desktop;
    private final Counter delivered;
    private final Counter acknowledged;

    public BriefingDelivery(BriefingArticleRepository articles, AgentBriefingRepository briefings, AgentRepository agents,
            RoutingQueueRepository queues, EngineLoader loader, Outbox outbox, DesktopLog desktop, MeterRegistry registry) {
        this.articles = articles;
        this.briefings = briefings;
        this.agents = agents;
        this.queues = queues;
        this.loader = loader;
        this.outbox = outbox;
        this.desktop = desktop;
        this.delivered = Counter.builder("relais.briefings").tag("result", "delivered")
                .description("Briefings delivered to agents, and acknowledged by them").register(registry);
        this.acknowledged = Counter.builder("relais.briefings").tag("result", "acknowledged")
                .description("Briefings delivered to agents, and acknowledged by them").register(registry);
    }

    /**
     * A published article: kept if it is newer than the version known (an older or the same version does nothing,
     * so a redelivery is harmless), then delivered to every agent it concerns in every workspace, in one transaction.
     * Pending briefings of an older version are replaced; agents the new version no longer concerns lose theirs.
     */
    public Uni<Void> published(ArticlePublished e) {
        if (!e.briefing()) {
            return Uni.createFrom().voidItem();
        }
        List<RelaisEvent> receipts = new ArrayList<>();
        List<Runnable> afterCommit = new ArrayList<>();
        Instant now = Instant.now();
        return Panache.withTransaction(() -> articles.lockDeliveries()
                        .flatMap(x -> articles.findById(e.articleId()))
                        .flatMap(existing -> {
                            if (existing != null && existing.version >= e.version()) {
                                LOG.debugf("article %s version %d: version %d known already, nothing to do",
                                        e.articleId(), e.version(), existing.version);
                                return Uni.createFrom().voidItem();
                            }
                            BriefingArticle a = existing != null ? existing : new BriefingArticle();
                            fill(a, e, now);
                            Uni<?> saved = existing != null ? articles.flush() : articles.persistAndFlush(a);
                            return saved.flatMap(x -> toEveryoneConcerned(a, now, receipts::add, afterCommit::add));
                        })
                        .flatMap(x -> outbox.appendAll(receipts)))
                .invoke(() -> afterCommit.forEach(BriefingDelivery::safely));
    }

    /**
     * A retired article: it no longer applies from now on (no new agent, no offer gets it), and the briefings agents
     * have not read are withdrawn from their desktops. Certifications already granted stay. An announcement about a
     * version older than the one known does nothing (a newer version was published since).
     */
    public Uni<Void> retired(ArticleRetired e) {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> articles.lockDeliveries()
                        .flatMap(x -> articles.findById(e.articleId()))
                        .flatMap(a -> {
                            if (a == null || a.version > e.version() || !a.inEffect(now)) {
                                return Uni.createFrom().voidItem();
                            }
                            a.effectiveTo = now;
                            return articles.flush().flatMap(x -> briefings.ofArticle(a.articleId)).flatMap(rows -> {
                                Uni<Void> withdrawals = Uni.createFrom().voidItem();
                                int pending = 0;
                                for (AgentBriefing b : rows) {
                                    if (b.acknowledgedVersion == null) {
                                        DesktopEvent withdrawn = new DesktopEvent(DesktopEvent.Type.BRIEFING_WITHDRAWN, null, now,
                                                null, a.title, null, BriefingNote.of(a, b));
                                        withdrawals = withdrawals.call(() -> desktop.append(b.agentId, withdrawn));
                                        pending++;
                                    }
                                }
                                LOG.infof("article %s version %d retired: %d pending briefings withdrawn", a.articleId,
                                        a.version, pending);
                                return withdrawals.call(() -> briefings.dropPending(a.articleId, List.of())).replaceWithVoid();
                            });
                        }));
    }

    private Uni<Void> toEveryoneConcerned(BriefingArticle a, Instant now, Consumer<RelaisEvent> publish,
            Consumer<Runnable> afterCommit) {
        Set<String> concerned = new HashSet<>();
        if (!a.inEffect(now)) {
            LOG.infof("article %s version %d ended at %s: no briefing", a.articleId, a.version, a.effectiveTo);
            return briefings.dropPending(a.articleId, concerned).replaceWithVoid();
        }
        BriefingAudience audience = audience(a);
        return queues.listAll().flatMap(rows -> {
            Map<String, List<QueueDefinition>> byWorkspace = new HashMap<>();
            rows.forEach(q -> byWorkspace.computeIfAbsent(q.workspace, k -> new ArrayList<>()).add(loader.definition(q)));
            return agents.all().flatMap(all -> {
                Uni<Void> chain = Uni.createFrom().voidItem();
                for (Agent agent : all) {
                    if (audience.concerns(agent.skills, byWorkspace.getOrDefault(agent.workspace, List.of()))) {
                        concerned.add(agent.id);
                        chain = chain.call(() -> deliver(a, agent.id, agent.workspace, now, publish, afterCommit));
                    }
                }
                return chain;
            });
        }).call(() -> briefings.dropPending(a.articleId, concerned))
                .invoke(() -> LOG.infof("article %s version %d: briefing for %d agents", a.articleId, a.version, concerned.size()));
    }

    /** A new agent: the briefings still in effect that concern them, in the change that creates them. */
    public Uni<Void> newAgent(Change change, Agent agent) {
        return articles.lockDeliveries().flatMap(x -> articles.inEffect(change.now)).flatMap(list -> {
            List<QueueDefinition> workspaceQueues = change.engine.queues();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (BriefingArticle a : list) {
                if (audience(a).concerns(agent.skills, workspaceQueues)) {
                    chain = chain.call(() -> deliver(a, agent.id, agent.workspace, change.now, change::publish,
                            change::afterCommit));
                }
            }
            return chain;
        });
    }

    /**
     * An offer of a contact that requires a certification the agent lacks (the certification wait has passed): the
     * latest briefing with that certification, delivered to the agent if it was not already, to go with the offer.
     * {@code null} when the contact requires none, the agent holds it ({@code agentCertified}, as the engine weighed
     * them for the offer), or no briefing grants it.
     */
    public Uni<BriefingNote> withOffer(Change change, RoutedContact c, String agentId, boolean agentCertified) {
        if (c.requiredCertification == null || agentCertified) {
            return Uni.createFrom().nullItem();
        }
        return articles.latestWithCertification(c.requiredCertification, change.now).flatMap(a -> a == null
                ? Uni.createFrom().<BriefingNote>nullItem()
                : deliver(a, agentId, c.workspace, change.now, change::publish, change::afterCommit)
                        .flatMap(x -> briefings.find(agentId, a.articleId))
                        .map(b -> BriefingNote.of(a, b)));
    }

    /** What {@link #withOffer} attached, read again (a desktop that connects while holding the offer). */
    public Uni<BriefingNote> forHeldOffer(RoutedContact c, Agent agent) {
        if (!needsBriefing(c, agent)) {
            return Uni.createFrom().nullItem();
        }
        return articles.latestWithCertification(c.requiredCertification, Instant.now()).flatMap(a -> a == null
                ? Uni.createFrom().<BriefingNote>nullItem()
                : briefings.find(agent.id, a.articleId).map(b -> BriefingNote.of(a, b)));
    }

    private static boolean needsBriefing(RoutedContact c, Agent agent) {
        return c.requiredCertification != null && !List.of(agent.certifications).contains(c.requiredCertification);
    }

    /** The agent's briefings, newest first: all of them, or only those pending and still in effect. */
    public Uni<List<BriefingNote>> of(String agentId, boolean pendingOnly) {
        Instant now = Instant.now();
        return briefings.of(agentId).flatMap(rows -> articles.byIds(rows.stream().map(b -> b.articleId).toList())
                .map(list -> {
                    Map<java.util.UUID, BriefingArticle> byId = new HashMap<>();
                    list.forEach(a -> byId.put(a.articleId, a));
                    List<BriefingNote> notes = new ArrayList<>();
                    for (AgentBriefing b : rows) {
                        BriefingArticle a = byId.get(b.articleId);
                        if (a != null && (!pendingOnly || !b.acknowledged() && a.inEffect(now))) {
                            notes.add(BriefingNote.of(a, b));
                        }
                    }
                    return notes;
                }));
    }

    void countAcknowledged() {
        acknowledged.increment();
    }

    private Uni<Void> deliver(BriefingArticle a, String agentId, String workspace, Instant now,
            Consumer<RelaisEvent> publish, Consumer<Runnable> afterCommit) {
        return briefings.deliver(agentId, a.articleId, workspace, a.version, now).call(first -> {
            if (!first) {
                return Uni.createFrom().voidItem();
            }
            publish.accept(BriefingReceipt.of(a.articleId, a.version, workspace, agentId, BriefingReceipt.DELIVERED));
            BriefingNote note = new BriefingNote(a.articleId, a.version, a.kind, a.language, a.title, a.summary,
                    a.certification, a.effectiveFrom, a.effectiveTo, now, null, false);
            afterCommit.accept(delivered::increment);
            return desktop.append(agentId, DesktopEvent.briefing(note, now));
        }).replaceWithVoid();
    }

    private static BriefingAudience audience(BriefingArticle a) {
        return new BriefingAudience(List.of(a.reasonCodes), List.of(a.segments));
    }

    private static void fill(BriefingArticle a, ArticlePublished e, Instant now) {
        a.articleId = e.articleId();
        a.version = e.version();
        a.kind = e.kind();
        a.language = e.language();
        a.title = e.title();
        a.summary = e.summary();
        a.certification = e.certification() == null || e.certification().isBlank() ? null : e.certification();
        a.reasonCodes = e.reasonCodes().toArray(String[]::new);
        a.segments = e.segments().toArray(String[]::new);
        a.effectiveFrom = e.effectiveFrom();
        a.effectiveTo = e.effectiveTo();
        a.publishedAt = e.occurredAt() == null ? now : e.occurredAt();
    }

    private static void safely(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("after-commit action failed", e);
        }
    }
}
