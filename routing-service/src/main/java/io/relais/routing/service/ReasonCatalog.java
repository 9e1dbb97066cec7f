package io.relais.routing.service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.relais.contracts.ReasonDefinition;
import io.relais.contracts.ReasonTaxonomy;
import io.relais.contracts.ReasonTaxonomyChanged;
import io.relais.platform.problem.ProblemException;
import io.relais.routing.repository.ReasonTaxonomyCopy;
import io.relais.routing.repository.ReasonTaxonomyRepository;
import io.smallrye.mutiny.Uni;

/**
 * The reason codes agents may complete contacts with: each workspace's taxonomy as context-service publishes it
 * (a copy, so that completing never waits on another service), the defaults for a workspace that never changed it.
 */
@ApplicationScoped
public class ReasonCatalog {

    private static final Logger LOG = Logger.getLogger(ReasonCatalog.class);
    private static final TypeReference<List<ReasonDefinition>> LIST = new TypeReference<>() {
    };

    private final ReasonTaxonomyRepository taxonomies;
    private final ObjectMapper json;
    private final MeterRegistry registry;

    public ReasonCatalog(ReasonTaxonomyRepository taxonomies, ObjectMapper json, MeterRegistry registry) {
        this.taxonomies = taxonomies;
        this.json = json;
        this.registry = registry;
    }

    /** Keeps the snapshot if it is newer than the copy held; an older or repeated one changes nothing. */
    @WithTransaction
    public Uni<Void> apply(ReasonTaxonomyChanged event) {
        String reasons = write(event.reasons());
        return taxonomies.findById(event.workspace()).flatMap(copy -> {
            if (copy != null && copy.version >= event.version()) {
                LOG.debugf("reason taxonomy %s v%d ignored: v%d held", event.workspace(), event.version(), copy.version);
                registry.counter("relais.routing.reason.snapshots", "result", "stale").increment();
                return Uni.createFrom().voidItem();
            }
            ReasonTaxonomyCopy row = copy != null ? copy : new ReasonTaxonomyCopy();
            row.workspace = event.workspace();
            row.version = event.version();
            row.reasons = reasons;
            row.receivedAt = Instant.now();
            registry.counter("relais.routing.reason.snapshots", "result", "applied").increment();
            return (copy != null ? Uni.createFrom().item(row) : taxonomies.persist(row)).replaceWithVoid();
        });
    }

    /** The workspace's codes, retired ones included. */
    @WithSession
    public Uni<List<ReasonDefinition>> of(String workspace) {
        return taxonomies.findById(workspace).map(copy -> copy == null ? ReasonTaxonomy.DEFAULTS : read(copy.reasons));
    }

    /** Fails with a 400 problem naming the codes that would do if {@code code} is unknown or retired in the workspace. */
    public Uni<Void> requireActive(String workspace, String code) {
        return of(workspace).invoke(reasons -> {
            Optional<ReasonDefinition> found = reasons.stream().filter(r -> r.code().equals(code)).findFirst();
            if (found.isPresent() && found.get().active()) {
                return;
            }
            String near = near(reasons, code);
            throw ProblemException.badRequest("reasonCode: " + code
                    + (found.isPresent() ? " is retired" : " is not a reason code") + " in workspace " + workspace
                    + "'s taxonomy (GET /api/reasons?workspace=" + workspace + "); " + near);
        }).replaceWithVoid();
    }

    /** The active codes under the same parent (or the top-level ones) as suggestions. */
    private static String near(List<ReasonDefinition> reasons, String code) {
        String parent = ReasonTaxonomy.parentOf(code);
        boolean parentKnown = parent != null && reasons.stream().anyMatch(r -> r.active() && r.code().equals(parent));
        List<String> codes = reasons.stream().filter(ReasonDefinition::active)
                .filter(r -> parentKnown ? r.code().startsWith(parent + ".") || r.code().equals(parent) : r.parent() == null)
                .map(ReasonDefinition::code).sorted().toList();
        return (parentKnown ? "codes under " + parent + ": " : "top-level codes: ") + String.join(", ", codes);
    }

    private String write(List<ReasonDefinition> reasons) {
        try {
            return json.writeValueAsString(reasons);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("reasons not serialisable", e);
        }
    }

    private List<ReasonDefinition> read(String stored) {
        try {
            return json.readValue(stored, LIST);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored reason taxonomy unreadable", e);
        }
    }
}
