package io.relais.routing.service;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.relais.contracts.Channel;
import io.relais.routing.config.RoutingConfig;
import io.relais.routing.domain.QueueDefinition;
import io.relais.routing.domain.RelaxationStep;
import io.relais.routing.domain.ServiceLevel;

/**
 * A queue as the API takes it and the database stores it (JSON). Durations are whole seconds.
 */
@Schema(description = "A queue: which contacts it takes, their priority, who may serve them, and what happens as they wait")
public record QueueSpec(
        @Size(max = 200) String name,
        @Min(0) @Max(100) @Schema(description = "Higher is served first; each level is worth relais.routing.aging-step of waiting")
        Integer priority,
        Set<@NotNull Channel> channels,
        Set<@NotNull @Pattern(regexp = "[a-z0-9_]+(\\.[a-z0-9_]+)*", message = "must be a dotted lower-case code such as cards") String> reasonCodes,
        Set<@NotNull @Pattern(regexp = "[a-z]{2}", message = "must be a two-letter ISO 639-1 code such as fr") String> languages,
        Set<@NotNull @Pattern(regexp = "[a-z0-9_-]{1,64}", message = "must be a lower-case segment name such as premium") String> segments,
        @Schema(description = "Required skill → minimum proficiency (1 to 5), all required; the first ranks agents. "
                + "Empty: the skill named by the contact's reason code")
        LinkedHashMap<@Pattern(regexp = "[a-z0-9_]{1,100}", message = "must be a lower-case skill name such as cards") String,
                @NotNull @Min(1) @Max(5) Integer> skills,
        @Valid SlSpec serviceLevel,
        List<@NotNull @Valid StepSpec> relaxation,
        @Min(1) @Schema(description = "After this wait the contact overflows to overflowTo, or expires") Integer maxWaitSeconds,
        @Pattern(regexp = "[a-z0-9-]{1,64}", message = "must be a queue id") String overflowTo,
        @Min(0) @Max(3600) @Schema(description = "How long a contact waits for the agent who served the customer last (default 30)")
        Integer lastAgentWaitSeconds,
        @Min(0) @Max(3600) @Schema(description = "How long a contact requiring a certification waits for a certified agent (default 30)")
        Integer certificationWaitSeconds) {

    @Schema(description = "percent % of contacts answered within withinSeconds")
    public record SlSpec(@NotNull @Min(1) @Max(100) Integer percent, @NotNull @Min(1) Integer withinSeconds) {
    }

    @Schema(description = "After afterSeconds of waiting: accept a lower proficiency, accept other skills, or overflow")
    public record StepSpec(@NotNull @Min(1) Integer afterSeconds, @Min(1) @Max(5) Integer minProficiency,
            Set<@NotNull @Pattern(regexp = "[a-z0-9_]{1,100}", message = "must be a lower-case skill name") String> alsoAccept,
            @Pattern(regexp = "[a-z0-9-]{1,64}", message = "must be a queue id") String overflowTo) {
    }

    public QueueDefinition toDefinition(String id) {
        return new QueueDefinition(id, name == null ? id : name, priority == null ? 0 : priority, channels, reasonCodes,
                languages, segments, skills == null ? Map.of() : skills,
                serviceLevel == null ? null : new ServiceLevel(serviceLevel.percent(), Duration.ofSeconds(serviceLevel.withinSeconds())),
                relaxation == null ? List.of() : relaxation.stream().map(s -> new RelaxationStep(Duration.ofSeconds(s.afterSeconds()),
                        s.minProficiency(), s.alsoAccept(), s.overflowTo())).toList(),
                maxWaitSeconds == null ? null : Duration.ofSeconds(maxWaitSeconds), overflowTo,
                Duration.ofSeconds(lastAgentWaitSeconds == null ? 30 : lastAgentWaitSeconds),
                Duration.ofSeconds(certificationWaitSeconds == null ? 30 : certificationWaitSeconds));
    }

    /** What makes sense beyond field validation; {@code null} when the spec is coherent. */
    public String incoherence(String id) {
        if (relaxation != null) {
            for (StepSpec s : relaxation) {
                if (s.minProficiency() == null && (s.alsoAccept() == null || s.alsoAccept().isEmpty()) && s.overflowTo() == null) {
                    return "relaxation: the step after " + s.afterSeconds() + " s changes nothing; give minProficiency, alsoAccept or overflowTo";
                }
                if (id.equals(s.overflowTo())) {
                    return "relaxation: a step overflows queue " + id + " to itself";
                }
            }
        }
        if (id.equals(overflowTo)) {
            return "overflowTo: queue " + id + " cannot overflow to itself";
        }
        if (overflowTo != null && maxWaitSeconds == null) {
            return "overflowTo: needs maxWaitSeconds (when to overflow)";
        }
        return null;
    }

    public static QueueSpec of(RoutingConfig.QueueConfig c) {
        LinkedHashMap<String, Integer> skills = new LinkedHashMap<>();
        c.skills().orElse(List.of()).forEach(entry -> {
            String[] parts = entry.split(":");
            skills.put(parts[0].strip(), parts.length > 1 ? Integer.parseInt(parts[1].strip()) : 1);
        });
        return new QueueSpec(c.name().orElse(null), c.priority(),
                Set.copyOf(c.channels().orElse(List.of()).stream().map(ch -> Channel.valueOf(ch.toUpperCase(java.util.Locale.ROOT))).toList()),
                Set.copyOf(c.reasonCodes().orElse(List.of())), Set.copyOf(c.languages().orElse(List.of())),
                Set.copyOf(c.segments().orElse(List.of())), skills,
                new SlSpec(c.serviceLevelPercent(), (int) c.serviceLevelWithin().toSeconds()),
                c.relaxation().orElse(List.of()).stream().map(s -> new StepSpec((int) s.after().toSeconds(),
                        s.minProficiency().orElse(null), Set.copyOf(s.alsoAccept().orElse(List.of())), s.overflowTo().orElse(null))).toList(),
                c.maxWait().map(d -> (int) d.toSeconds()).orElse(null), c.overflowTo().orElse(null),
                (int) c.lastAgentWait().toSeconds(), (int) c.certificationWait().toSeconds());
    }
}
