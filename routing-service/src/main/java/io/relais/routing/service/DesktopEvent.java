package io.relais.routing.service;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.relais.contracts.ContactReady;

/**
 * What an agent's desktop receives on its event stream.
 *
 * @param contact for offers: the contact with the customer's history and the guidance articles
 * @param expiresAt for offers: accept before this, or the offer goes to someone else
 * @param briefing for briefings: the article to read and acknowledge; for an offer of a contact that requires a
 *        certification the agent lacks: the briefing that certifies it, to read with the offer
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DesktopEvent(Type type, UUID contactId, Instant at, ContactReady contact, String detail, Instant expiresAt,
        BriefingNote briefing) {

    public DesktopEvent(Type type, UUID contactId, Instant at, ContactReady contact, String detail, Instant expiresAt) {
        this(type, contactId, at, contact, detail, expiresAt, null);
    }

    public enum Type {
        /** A contact is offered to you: accept or decline it before it expires. */
        @JsonProperty("offer")
        OFFER,
        /** Your acceptance is recorded. */
        @JsonProperty("accepted")
        ACCEPTED,
        /** The offer was taken back (not answered in time, or you went away): nothing to do. */
        @JsonProperty("withdrawn")
        WITHDRAWN,
        /** The contact is closed (completed or transferred). */
        @JsonProperty("completed")
        COMPLETED,
        /** Routing changed your status (for example away after missed offers). */
        @JsonProperty("status")
        STATUS,
        /** An article to read (a new offer or procedure): acknowledge it once read. */
        @JsonProperty("briefing")
        BRIEFING,
        /** A briefing you had not read yet no longer applies (its article was retired): nothing to do. */
        @JsonProperty("briefing-withdrawn")
        BRIEFING_WITHDRAWN,
        /** Keep-alive; nothing to do. */
        @JsonProperty("heartbeat")
        HEARTBEAT
    }

    public static DesktopEvent heartbeat() {
        return new DesktopEvent(Type.HEARTBEAT, null, Instant.now(), null, null, null);
    }

    public static DesktopEvent of(Type type, UUID contactId, Instant at, String detail) {
        return new DesktopEvent(type, contactId, at, null, detail, null);
    }

    public static DesktopEvent briefing(BriefingNote note, Instant at) {
        return new DesktopEvent(Type.BRIEFING, null, at, null, note.title(), null, note);
    }

    /** The same event carrying a briefing ({@code null}: unchanged). */
    public DesktopEvent withBriefing(BriefingNote note) {
        return note == null ? this : new DesktopEvent(type, contactId, at, contact, detail, expiresAt, note);
    }
}
