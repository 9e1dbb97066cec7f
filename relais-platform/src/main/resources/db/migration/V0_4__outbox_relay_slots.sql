-- relais-platform: the outbox relay's slots (OutboxRelay). Each row belongs to one of 16 slots, by a hash of its Kafka
-- key, so every event of one key (a workspace, a contact, a customer) is in the same slot. A relay pass takes one slot
-- under a transaction-scoped advisory lock and publishes that slot's rows oldest first: replicas, and the lanes of one
-- replica, relay different slots at the same time, and a slot (so a key) is relayed by one pass at a time, in order.
-- The count lives here, not in each replica's configuration, so replicas can never split the keys differently; it must
-- equal OutboxRepository.SLOTS. hashtext() is PostgreSQL's own text hash (that of hash indexes), immutable for a deterministic
-- collation; the value is stored, computed once per row on insert.
alter table outbox_event
    add column relay_slot smallint not null generated always as (((hashtext(message_key) & 2147483647) % 16)::smallint) stored;
create index outbox_event_relay_slot_seq on outbox_event (relay_slot, seq);
