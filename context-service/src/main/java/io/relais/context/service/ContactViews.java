package io.relais.context.service;

import io.relais.context.repository.Contact;
import io.relais.contracts.PastContact;

/** How a stored contact appears in a customer's history. */
public final class ContactViews {

    private ContactViews() {
    }

    public static PastContact past(Contact c) {
        return new PastContact(c.id, c.channel, c.receivedAt, c.status, c.subject, c.reasonCode, c.outcome, c.agentId, c.note);
    }
}
