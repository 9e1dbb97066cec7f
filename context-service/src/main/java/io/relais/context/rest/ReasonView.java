package io.relais.context.rest;

import java.util.List;

import io.relais.context.service.ReasonTaxonomies;
import io.relais.contracts.Outcome;
import io.relais.contracts.ReasonDefinition;

/** A reason code as the API shows it: with its parent, so that a client can draw the tree. */
public record ReasonView(String code, String parent, String labelFr, String labelEn, boolean active) {

    static ReasonView of(ReasonDefinition r) {
        return new ReasonView(r.code(), r.parent(), r.labelFr(), r.labelEn(), r.active());
    }

    /** A workspace's taxonomy: {@code customised} is false while the workspace uses the defaults. */
    public record Taxonomy(String workspace, long version, boolean customised, List<ReasonView> reasons) {

        static Taxonomy of(ReasonTaxonomies.Taxonomy t, boolean includeRetired) {
            return new Taxonomy(t.workspace(), t.version(), t.customised(),
                    t.reasons().stream().filter(r -> includeRetired || r.active()).map(ReasonView::of).toList());
        }
    }

    /** An outcome a completion can have. */
    public record OutcomeView(String code, String labelFr, String labelEn) {

        static OutcomeView of(Outcome o) {
            return new OutcomeView(o.code(), o.label("fr"), o.label("en"));
        }
    }
}
