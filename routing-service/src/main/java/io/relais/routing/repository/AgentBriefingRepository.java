package io.relais.routing.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@WithSession
@ApplicationScoped
public class AgentBriefingRepository implements PanacheRepositoryBase<AgentBriefing, AgentBriefing.Key> {

    /** An agent's briefings, newest delivery first. */
    public Uni<List<AgentBriefing>> of(String agentId) {
        return list("agentId = ?1 order by deliveredAt desc, articleId", agentId);
    }

    public Uni<List<AgentBriefing>> ofArticle(UUID articleId) {
        return list("articleId = ?1", articleId);
    }

    public Uni<AgentBriefing> find(String agentId, UUID articleId) {
        return findById(new AgentBriefing.Key(agentId, articleId));
    }

    /** The version delivered to the agent (a scalar, read fresh), or {@code null} if they have no such briefing. */
    public Uni<Integer> deliveredVersion(String agentId, UUID articleId) {
        return getSession().flatMap(s -> s.createQuery(
                        "select b.version from AgentBriefing b where b.agentId = ?1 and b.articleId = ?2", Integer.class)
                .setParameter(1, agentId).setParameter(2, articleId).getSingleResultOrNull());
    }

    /**
     * Delivers {@code version} of the article to the agent: a new briefing, or one of an older version delivered
     * again (pending until acknowledged). {@code true} if it was delivered now; {@code false} if the agent already has
     * this version or a newer one.
     */
    public Uni<Boolean> deliver(String agentId, UUID articleId, String workspace, int version, Instant at) {
        return getSession().flatMap(s -> s.createNativeQuery("""
                        insert into agent_briefing (agent_id, article_id, workspace, version, delivered_at)
                        values (?1, ?2, ?3, ?4, ?5)
                        on conflict (agent_id, article_id) do update
                        set version = excluded.version, workspace = excluded.workspace,
                            delivered_at = excluded.delivered_at, acknowledged_at = null, acknowledged_version = null
                        where agent_briefing.version < excluded.version""")
                .setParameter(1, agentId).setParameter(2, articleId).setParameter(3, workspace)
                .setParameter(4, version).setParameter(5, at)
                .executeUpdate()).map(rows -> rows == 1);
    }

    /** Records the acknowledgment of {@code version}, if it is the one delivered; {@code true} the first time only. */
    public Uni<Boolean> acknowledge(String agentId, UUID articleId, int version, Instant at) {
        return getSession().flatMap(s -> s.createNativeQuery("""
                        update agent_briefing set acknowledged_at = ?3, acknowledged_version = version
                        where agent_id = ?1 and article_id = ?2 and version = ?4
                        and acknowledged_version is distinct from version""")
                .setParameter(1, agentId).setParameter(2, articleId).setParameter(3, at).setParameter(4, version)
                .executeUpdate()).map(rows -> rows == 1);
    }

    /** Forgets pending (unacknowledged) briefings of the article for agents a newer version no longer concerns. */
    public Uni<Integer> dropPending(UUID articleId, java.util.Collection<String> stillConcerned) {
        return getSession().flatMap(s -> s.createNativeQuery("""
                        delete from agent_briefing where article_id = ?1 and acknowledged_version is null
                        and not (agent_id = any (?2))""")
                .setParameter(1, articleId).setParameter(2, stillConcerned.toArray(String[]::new))
                .executeUpdate());
    }
}
