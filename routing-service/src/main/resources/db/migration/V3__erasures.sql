-- routing-service, issue #4: contacts of an erased customer that were still in routing when the erasure arrived. They
-- finish routing as usual (the engine and the agent's desktop hold them); once ended, a sweep deletes them like the
-- others, then forgets them here.
create table pending_erasure (
    contact_id  uuid        primary key,
    received_at timestamptz not null default now()
);
