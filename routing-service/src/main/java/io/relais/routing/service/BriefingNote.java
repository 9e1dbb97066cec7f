package io.relais.routing.service;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.relais.routing.repository.AgentBriefing;
import io.relais.routing.repository.BriefingArticle;

/**
 * A briefing as an agent sees it: on the desktop stream, in {@code GET /api/agents/{id}/briefings}, and with an offer
 * that needs its certification.
 *
 * @param certification granted by acknowledging it, or {@code null}
 * @param deliveredAt when this version reached the agent ({@code null} when the agent has not been briefed yet)
 * @param acknowledgedAt when the agent acknowledged this version, or {@code null} while it is pending
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BriefingNote(UUID articleId, int version, String kind, String language, String title, String summary,
        String certification, Instant effectiveFrom, Instant effectiveTo, Instant deliveredAt, Instant acknowledgedAt,
        boolean acknowledged) {

    public static BriefingNote of(BriefingArticle a, AgentBriefing b) {
        boolean acknowledged = b != null && b.acknowledged();
        return new BriefingNote(a.articleId, b == null ? a.version : b.version, a.kind, a.language, a.title, a.summary, a.certification,
                a.effectiveFrom, a.effectiveTo, b == null ? null : b.deliveredAt, acknowledged ? b.acknowledgedAt : null,
                acknowledged);
    }
}
