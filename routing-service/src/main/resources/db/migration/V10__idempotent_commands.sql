-- routing-service, issue #12: commands sent with an Idempotency-Key (draft-ietf-httpapi-idempotency-key-header).
-- The reply a keyed command got, written in the transaction of the command's change (so with its effects, fenced
-- like them, or not at all): a retry with the same key and the same request gets it again and runs nothing. Keys are
-- scoped per workspace and caller (agent:<id>, or gateway for abandons); a row older than
-- relais.routing.idempotency-retention is ignored, and deleted by a scheduled prune on every replica.
create table idempotent_command (
    workspace       varchar(64)  not null,
    caller          text         not null,
    idempotency_key varchar(255) not null,
    request         text         not null,  -- method and path, for the 422 of a key sent again for another request
    fingerprint     char(64)     not null,  -- SHA-256 (hex) of the method, the path and the body as read
    status          smallint     not null,
    body            text         not null,  -- the JSON answered (the contact, the agent, or a problem detail)
    -- the contact commanded: an erasure that deletes the contact deletes the replies that describe it
    contact_id      uuid         references routed_contact (contact_id) on delete cascade,
    at              timestamptz  not null,
    primary key (workspace, caller, idempotency_key)
);
create index idempotent_command_at on idempotent_command (at);
create index idempotent_command_contact on idempotent_command (contact_id) where contact_id is not null;
