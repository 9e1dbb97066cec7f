package io.relais.context.rest;

import java.time.Instant;
import java.util.UUID;

import io.relais.context.repository.CustomerErasure;

/** The receipt of an erasure: it names no customer. */
public record ErasureView(UUID erasureId, Instant erasedAt, String actor, String reason, int rowsRemoved) {

    public static ErasureView of(CustomerErasure e) {
        return new ErasureView(e.id, e.erasedAt, e.actor, e.reason, e.rowsRemoved);
    }
}
