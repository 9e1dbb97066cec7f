package io.relais.context.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.relais.context.domain.ConflictStatus;
import io.smallrye.mutiny.Uni;

@WithSession
@ApplicationScoped
public class IdentityConflictRepository implements PanacheRepositoryBase<IdentityConflict, UUID> {

    private static final String PAIR = "((matchedCustomerId = ?1 and otherCustomerId = ?2) or (matchedCustomerId = ?2 and otherCustomerId = ?1))";

    /** An open or dismissed conflict between these two customers, in either order, or {@code null}. */
    public Uni<IdentityConflict> openOrDismissedBetween(UUID a, UUID b) {
        return find("status in ('" + ConflictStatus.OPEN.code() + "', '" + ConflictStatus.DISMISSED.code() + "') and "
                + PAIR, a, b).firstResult();
    }

    /** A page of the conflicts in this status, newest first (index identity_conflict_status_detected). */
    public Uni<List<IdentityConflict>> page(ConflictStatus status, int page, int size) {
        return find("status = ?1 order by detectedAt desc, id", status.code()).page(Page.of(page, size)).list();
    }

    public Uni<Long> count(ConflictStatus status) {
        return count("status", status.code());
    }

    /** The open conflicts between the two customers become {@code merged} by this merge. */
    public Uni<Integer> resolveByMerge(UUID a, UUID b, UUID mergeId, String actor, Instant at) {
        return update("status = '" + ConflictStatus.MERGED.code() + "', resolvedBy = ?3, resolvedAt = ?4, mergeId = ?5, "
                + "note = ?6 where status = '" + ConflictStatus.OPEN.code() + "' and " + PAIR,
                a, b, actor, at, mergeId, "merged by merge " + mergeId);
    }

    /**
     * The conflicts a merge resolved are open again once it is undone: the two customers are separate again and their
     * identifiers still disagree. Unless the same pair is open already (the partial unique index allows one).
     */
    public Uni<Integer> reopen(UUID mergeId) {
        return getSession().flatMap(s -> s.createNativeQuery("""
                update identity_conflict c
                   set status = 'open', resolved_by = null, resolved_at = null, note = null, merge_id = null
                 where c.merge_id = ?1 and c.status = 'merged'
                   and not exists (select 1 from identity_conflict o
                                    where o.status = 'open'
                                      and least(o.matched_customer_id, o.other_customer_id)
                                          = least(c.matched_customer_id, c.other_customer_id)
                                      and greatest(o.matched_customer_id, o.other_customer_id)
                                          = greatest(c.matched_customer_id, c.other_customer_id))
                """).setParameter(1, mergeId).executeUpdate());
    }
}
