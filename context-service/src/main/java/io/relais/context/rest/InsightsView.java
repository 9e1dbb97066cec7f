package io.relais.context.rest;

import java.time.Instant;
import java.util.List;

import io.relais.context.domain.Figure;
import io.relais.context.service.Insights;
import io.relais.contracts.Channel;

/** Insights over a period; every figure carries {@code value}, {@code previous} and {@code change}. */
public record InsightsView(Instant from, Instant to, Instant previousFrom, Instant previousTo, Channel channel,
        long repeatWindowSeconds, Figure totalContacts, Figure uncodifiedContacts, Figure repeatRate,
        Figure firstContactResolutionRate, Figure avoidableShare, List<Reason> topReasons, List<Reason> reasons) {

    /** One reason: contacts, share of all contacts of the period, repeat rate among its contacts. */
    public record Reason(String reasonCode, Figure contacts, Figure share, Figure repeatRate) {
        static Reason of(Insights.ReasonFigures f) {
            return new Reason(f.reasonCode(), f.contacts(), f.share(), f.repeatRate());
        }
    }

    static InsightsView of(Insights.Report r) {
        return new InsightsView(r.period().from(), r.period().to(), r.previousPeriod().from(), r.previousPeriod().to(),
                r.channel(), r.repeatWindowSeconds(), r.totalContacts(), r.uncodifiedContacts(), r.repeatRate(),
                r.firstContactResolutionRate(), r.avoidableShare(), r.topReasons().stream().map(Reason::of).toList(),
                r.reasons().stream().map(Reason::of).toList());
    }
}
