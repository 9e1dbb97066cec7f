package io.relais.knowledge.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.relais.contracts.BriefingReceipt;
import io.smallrye.mutiny.Uni;

/** Briefing receipts: which agent received and read which version of an article. */
@ApplicationScoped
public class BriefingRepository {

    /** One agent's receipt of a version: when it reached the desktop, when the agent acknowledged it. */
    public record Reader(String agentId, String workspace, Instant deliveredAt, Instant acknowledgedAt) {
    }

    /** Keeps the first time of each receipt; an acknowledgement without a delivery counts as both. */
    public Uni<Void> record(BriefingReceipt r) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery("""
                        insert into briefing_receipt (article_id, version, workspace, agent_id, delivered_at, acknowledged_at)
                        values (?1, ?2, ?3, ?4, cast(?5 as timestamptz),
                                case when ?6 = 'acknowledged' then cast(?5 as timestamptz) end)
                        on conflict (article_id, version, workspace, agent_id) do update
                        set delivered_at = least(briefing_receipt.delivered_at, excluded.delivered_at),
                            acknowledged_at = coalesce(briefing_receipt.acknowledged_at, excluded.acknowledged_at)
                        """)
                .setParameter(1, r.articleId())
                .setParameter(2, r.version())
                .setParameter(3, r.workspace() == null ? "default" : r.workspace())
                .setParameter(4, r.agentId())
                .setParameter(5, r.occurredAt() == null ? Instant.now() : r.occurredAt())
                .setParameter(6, r.receipt())
                .executeUpdate()).replaceWithVoid();
    }

    public Uni<List<Reader>> readers(UUID articleId, int version) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery("""
                        select agent_id, workspace, delivered_at, acknowledged_at from briefing_receipt
                        where article_id = ?1 and version = ?2
                        order by acknowledged_at nulls last, agent_id, workspace
                        """, Object[].class)
                .setParameter(1, articleId)
                .setParameter(2, version)
                .getResultList())
                .map(rows -> rows.stream().map(r -> new Reader((String) r[0], (String) r[1], instant(r[2]), instant(r[3])))
                        .toList());
    }

    static Instant instant(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof Instant i) {
            return i;
        }
        if (o instanceof java.time.OffsetDateTime t) {
            return t.toInstant();
        }
        if (o instanceof java.time.LocalDateTime t) {
            return t.toInstant(java.time.ZoneOffset.UTC);
        }
        if (o instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("not a time: " + o.getClass());
    }
}
