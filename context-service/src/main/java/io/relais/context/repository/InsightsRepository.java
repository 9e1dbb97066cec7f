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
 * The insights queries: plain SQL on PostgreSQL. One range read of the contacts received in the previous and current
 * periods widened by the repeat window on each side (index {@code contact_received_insights}); two window counts per
 * (customer, reason) say whether the same customer came for the same reason within the window before (a repeat) or
 * after (no first-contact resolution); then grouped by period and reason.
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
            with scope as (
                select c.channel, c.reason_code, c.received_at, c.status, c.outcome, c.avoidable,
                       count(*) over (partition by c.customer_id, c.reason_code order by c.received_at
                                      range between cast(?4 as bigint) * interval '1 second' preceding
                                                and interval '1 microsecond' preceding) as earlier_same,
                       count(*) over (partition by c.customer_id, c.reason_code order by c.received_at
                                      range between interval '1 microsecond' following
                                                and cast(?4 as bigint) * interval '1 second' following) as later_same
                  from contact c
                 where c.received_at >= cast(?1 as timestamptz) - cast(?4 as bigint) * interval '1 second'
                   and c.received_at < cast(?3 as timestamptz) + cast(?4 as bigint) * interval '1 second'
            )
            select c.received_at >= cast(?2 as timestamptz) as current_period,
                   c.reason_code,
                   count(*) as contacts,
                   count(*) filter (where c.reason_code is not null and c.earlier_same > 0) as repeats,
                   count(*) filter (where c.status = 'COMPLETED') as completed,
                   count(*) filter (where c.status = 'COMPLETED' and c.outcome = 'RESOLVED'
                                      and (c.reason_code is null or c.later_same = 0)) as resolved_first_time,
                   count(*) filter (where c.status = 'COMPLETED' and c.avoidable is not null) as avoidable_known,
                   count(*) filter (where c.status = 'COMPLETED' and c.avoidable) as avoidable
              from scope c
             where c.received_at >= cast(?1 as timestamptz) and c.received_at < cast(?3 as timestamptz)
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
