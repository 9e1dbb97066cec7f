package io.relais.routing.rest;

import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.relais.contracts.Channel;
import io.relais.contracts.Limits;
import io.relais.routing.domain.AgentStatus;

/** An agent's routing profile, as an administrator or the agent's supervisor sets it. */
public record AgentRequest(
        @Pattern(regexp = "[a-z0-9][a-z0-9._-]{0,63}", message = "must be 1 to 64 lower-case letters, digits, dots, dashes or underscores")
        String id,
        @NotBlank @Size(max = 200) String name,
        @Pattern(regexp = "[a-z0-9-]{1,64}", message = "must be lower-case letters, digits and dashes") String workspace,
        @NotEmpty @Size(max = Limits.AGENT_SKILLS) List<@NotNull @Valid SkillLevel> skills,
        @NotEmpty @Size(max = Limits.AGENT_LANGUAGES) Set<@NotNull @Pattern(regexp = "[a-z]{2}", message = "must be a two-letter ISO 639-1 code such as fr") String> languages,
        @Schema(description = "Channels taken, each at the default capacity (phone 1, mail 5, chat 3); or give capacity")
        Set<@NotNull Channel> channels,
        @Schema(description = "Contacts of each channel at once, e.g. {\"phone\": 1, \"chat\": 3}; 0 or absent: not on that channel")
        Map<@NotNull Channel, @NotNull @Min(0) @Max(20) Integer> capacity,
        @Schema(description = "Certifications held (granted by editors or by acknowledging briefings)")
        @Size(max = Limits.AGENT_CERTIFICATIONS)
        Set<@NotNull @Pattern(regexp = "[a-z0-9._-]{1,100}", message = "must be a lower-case certification name") String> certifications,
        @Schema(description = "Initial status (default offline)") AgentStatus status) {

    /** A skill and how well the agent masters it, from 1 (notions) to 5 (expert). */
    public record SkillLevel(
            @NotNull @Pattern(regexp = "[a-z0-9_]{1,100}", message = "must be a lower-case skill name such as cards") String name,
            @Min(1) @Max(5) int proficiency) {
    }
}
