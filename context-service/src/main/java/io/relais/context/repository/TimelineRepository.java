package io.relais.context.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.query.TypedParameterValue;
import org.hibernate.type.StandardBasicTypes;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@WithSession
@ApplicationScoped
public class TimelineRepository implements PanacheRepository<TimelineEntry> {

    public Uni<List<TimelineEntry>> of(UUID contactId) {
        return list("contactId = ?1 order by occurredAt, id", contactId);
    }

    /** Appends these steps, in order, in one statement (no entity each). */
    public Uni<Void> insertAll(List<TimelineEntry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        StringBuilder sql = new StringBuilder("insert into contact_timeline (contact_id, status, actor, detail, occurred_at) values ");
        for (int i = 0; i < entries.size(); i++) {
            int p = i * 5;
            sql.append(i == 0 ? "" : ", ").append("(?").append(p + 1).append(", ?").append(p + 2).append(", ?").append(p + 3)
                    .append(", ?").append(p + 4).append(", ?").append(p + 5).append(')');
        }
        return Panache.getSession().flatMap(s -> {
            var query = s.createNativeQuery(sql.toString());
            for (int i = 0; i < entries.size(); i++) {
                TimelineEntry e = entries.get(i);
                int p = i * 5;
                query.setParameter(p + 1, e.contactId).setParameter(p + 2, e.status.name()).setParameter(p + 3, e.actor)
                        // typed: a step without detail has no Java type to infer the column's from
                        .setParameter(p + 4, new TypedParameterValue<>(StandardBasicTypes.STRING, e.detail))
                        .setParameter(p + 5, e.occurredAt.atOffset(java.time.ZoneOffset.UTC));
            }
            return query.executeUpdate();
        }).replaceWithVoid();
    }
}
