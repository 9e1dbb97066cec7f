package io.relais.routing.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The latest published version of an article agents must be briefed on (an offer or a procedure). */
@Entity
@Table(name = "briefing_article")
public class BriefingArticle {

    @Id
    @Column(name = "article_id")
    public UUID articleId;

    @Column(nullable = false)
    public int version;

    public String kind;

    public String language;

    public String title;

    public String summary;

    /** Granted to an agent who acknowledges the briefing; {@code null}: none. */
    public String certification;

    @Column(name = "reason_codes", nullable = false)
    public String[] reasonCodes = new String[0];

    @Column(nullable = false)
    public String[] segments = new String[0];

    @Column(name = "effective_from")
    public Instant effectiveFrom;

    @Column(name = "effective_to")
    public Instant effectiveTo;

    @Column(name = "published_at", nullable = false)
    public Instant publishedAt;

    /** Still applies at {@code now} (it may not have started yet: agents are briefed ahead of a launch). */
    public boolean inEffect(Instant now) {
        return effectiveTo == null || effectiveTo.isAfter(now);
    }
}
