package io.relais.routing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import io.relais.routing.domain.RoutingEngine;
import io.relais.routing.repository.Agent;
import io.relais.routing.repository.AgentRoutingRows;
import io.relais.routing.repository.RoutedContact;
import io.relais.routing.service.EffectWriter;

/**
 * The engine is the only writer of routing state: its effects reach the rows through one applier,
 * {@link EffectWriter}, and nowhere else. These rules read the compiled main classes (not the tests).
 */
class RoutingStateWritersTest {

    /** The routing fields of a contact's row: where it is, who holds it, how it ended, the last decision. */
    static final Set<String> CONTACT_ROUTING_FIELDS = Set.of("status", "queueId", "queuedAt", "requiredSkill", "agentId",
            "offeredAt", "offerExpiresAt", "acceptedAt", "completedAt", "endedAt", "decision", "transferredTo",
            "transferHoldUntil", "reasonCode", "outcome", "note");

    /** The routing fields of an agent's row: the status routing holds, their idle time, wrap-up and missed offers. */
    static final Set<String> AGENT_ROUTING_FIELDS = Set.of("status", "statusReason", "statusAt", "idleSince", "wrapUpUntil",
            "missedInRow");

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.relais.routing");

    static final DescribedPredicate<JavaFieldAccess> ROUTING_STATE = DescribedPredicate.describe(
            "a routing field of " + RoutedContact.class.getSimpleName() + " " + CONTACT_ROUTING_FIELDS + " or of "
                    + Agent.class.getSimpleName() + " " + AGENT_ROUTING_FIELDS,
            access -> {
                JavaClass owner = access.getTargetOwner();
                String field = access.getTarget().getName();
                return owner.isEquivalentTo(RoutedContact.class) && CONTACT_ROUTING_FIELDS.contains(field)
                        || owner.isEquivalentTo(Agent.class) && AGENT_ROUTING_FIELDS.contains(field);
            });

    @Test
    void onlyTheEffectApplierWritesRoutingState() {
        noClasses().that().resideOutsideOfPackage("io.relais.routing.repository..")
                .and().doNotBelongToAnyOf(EffectWriter.class)
                .should().setFieldWhere(ROUTING_STATE)
                .because("routing state changes only as the engine decides: AgentWork, ContactQueue, AgentDirectory "
                        + "and the rest ask the engine, and EffectWriter applies its effects")
                .check(MAIN);
    }

    @Test
    void onlyTheEffectApplierWritesTheAgentsRoutingColumnsWithPlainStatements() {
        noClasses().that().doNotBelongToAnyOf(EffectWriter.class, AgentRoutingRows.class)
                .should().dependOnClassesThat().belongToAnyOf(AgentRoutingRows.class)
                .because("an agent's idle time, wrap-up and missed offers change only as the engine decides, "
                        + "through EffectWriter")
                .check(MAIN);
    }

    @Test
    void theEnginesComponentsAreReachedThroughItsFacadeOnly() {
        classes().that().resideInAPackage("io.relais.routing.domain.engine..")
                .should().onlyHaveDependentClassesThat(DescribedPredicate.describe(
                        "are in the engine's package or are its façade " + RoutingEngine.class.getSimpleName(),
                        (JavaClass c) -> c.getPackageName().startsWith("io.relais.routing.domain.engine")
                                || c.isEquivalentTo(RoutingEngine.class)))
                .check(MAIN);
    }

    @Test
    void theEngineIsPureNoFrameworkNoIoNoClock() {
        noClasses().that().resideInAPackage("io.relais.routing.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "io.smallrye..", "io.vertx..",
                        "jakarta..", "org.hibernate..", "io.micrometer..", "java.io..", "java.nio..", "java.net..",
                        "io.relais.routing.repository..", "io.relais.routing.service..")
                .orShould().callMethod(Instant.class, "now")
                .orShould().dependOnClassesThat().areAssignableTo(Clock.class)
                .check(MAIN);
    }
}
