package io.relais.context.repository;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.relais.contracts.Channel;
import io.smallrye.mutiny.Uni;

/**
 * The insights queries: plain SQL on PostgreSQL. One pass over the contacts received in the current and the previous
 * period (index {@code contact_received_insights}), grouped by period and reason; repeat and follow-up detection are
 * index probes on {@code contact_customer_reason_received}.
 */
@WithSession
@ApplicationScoped
public class InsightsRepository {

    /** Counts for one period and one reason code ({@code null}: contacts not codified). */
    public record ReasonCounts(boolean current, String reasonCode, long contacts, long repeats, long completed,
            long resolvedFirstTime, long avoidableKnown, long avoidable) {
    }

    /**
     * Parameters: ?1 start of the previous period, ?2 start of the current period (end of the previous one), ?3 end of
     * the current period, ?4 the repeat window in seconds; ?5 the channel when filtered. The earlier contact that makes
     * a repeat, and the later one that spoils a first-contact resolution, may be on any channel and outside the
     * periods.
     */
    public static final String BY_PERIOD_AND_REASON = """
            select c.received_at >= ?2 as current_period,
                   c.reason_code,
                   count(*) as contacts,
                   count(*) filter (where exists (
                       select 1 from contact p
                        where p.customer_id = c.customer_id and p.reason_code = c.reason_code
                          and p.received_at >= c.received_at - ?4 * interval '1 second'
                          and p.received_at < c.received_at)) as repeats,
                   count(*) filter (where c.status = 'COMPLETED') as completed,
                   count(*) filter (where c.status = 'COMPLETED' and c.outcome = 'RESOLVED' and not exists (
                       select 1 from contact n
                        where n.customer_id = c.customer_id and n.reason_code = c.reason_code
                          and n.received_at > c.received_at
                          and n.received_at <= c.received_at + ?4 * interval '1 second')) as resolved_first_time,
                   count(*) filter (where c.status = 'COMPLETED' and c.avoidable is not null) as avoidable_known,
                   count(*) filter (where c.status = 'COMPLETED' and c.avoidable) as avoidable
              from contact c
             where c.received_at >= ?1 and c.received_at < ?3
            """;

    public static final String CHANNEL_FILTER = "   and c.channel = ?5\n";

    public static final String GROUP_BY = " group by 1, 2\n";

    public Uni<List<ReasonCounts>> countByPeriodAndReason(Instant previousFrom, Instant from, Instant to,
            Duration repeatWindow, Channel channel) {
        String sql = BY_PERIOD_AND_REASON + (channel == null ? "" : CHANNEL_FILTER) + GROUP_BY;
        return session().flatMap(s -> {
            var query = s.createNativeQuery(sql, Object[].class)
                    .setParameter(1, utc(previousFrom))
                    .setParameter(2, utc(from))
                    .setParameter(3, utc(to))
                    .setParameter(4, repeatWindow.toSeconds());
            if (channel != null) {
                query.setParameter(5, channel.name());
            }
            return query.getResultList();
        }).map(rows -> rows.stream().map(r -> new ReasonCounts((Boolean) r[0], (String) r[1], n(r[2]), n(r[3]),
                n(r[4]), n(r[5]), n(r[6]), n(r[7]))).toList());
    }

    private static Uni<Mutiny.Session> session() {
        return io.quarkus.hibernate.reactive.panache.Panache.getSession();
    }

    private static OffsetDateTime utc(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }

    private static long n(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }
}
