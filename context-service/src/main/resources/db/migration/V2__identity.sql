-- context-service, issue #4 (identity): conflicts between customers revealed by a contact, and merges with the audit
-- trail that lets a merge be undone exactly.

-- A customer absorbed by a merge keeps its row (the audit and an unmerge need it) and points to the survivor.
alter table customer add column merged_into uuid references customer (id);

-- One contact carried identifiers that belong to two different customers. The contact went on with the best match
-- (matched_customer_id); nothing was moved. Reviewed by a person: merged (by a merge of the two) or dismissed.
create table identity_conflict (
    id                  uuid primary key,
    contact_id          uuid         not null references contact (id) on delete cascade,
    matched_customer_id uuid         not null references customer (id) on delete cascade,
    other_customer_id   uuid         not null references customer (id) on delete cascade,
    detected_at         timestamptz  not null,
    status              varchar(16)  not null check (status in ('open', 'merged', 'dismissed')),
    resolved_by         varchar(100),
    resolved_at         timestamptz,
    note                text,
    -- the merge that resolved it (an unmerge reopens it)
    merge_id            uuid,
    check (matched_customer_id <> other_customer_id)
);
-- The same pair of customers is open for review once, whichever contact revealed it and in whichever order.
create unique index identity_conflict_open_pair on identity_conflict
    (least(matched_customer_id, other_customer_id), greatest(matched_customer_id, other_customer_id))
    where status = 'open';
create index identity_conflict_status_detected on identity_conflict (status, detected_at desc);

-- The identifiers that revealed a conflict, and which customer held each when it was detected.
create table identity_conflict_identifier (
    id          bigserial primary key,
    conflict_id uuid         not null references identity_conflict (id) on delete cascade,
    kind        varchar(16)  not null,
    value       varchar(320) not null,
    customer_id uuid         not null
);
create index identity_conflict_identifier_conflict on identity_conflict_identifier (conflict_id);

-- Audit trail of merges: who, when, why; and, once undone, who undid it, when and why.
create table customer_merge (
    id          uuid primary key,
    survivor_id uuid         not null references customer (id) on delete cascade,
    absorbed_id uuid         not null references customer (id) on delete cascade,
    actor       varchar(100) not null,
    reason      text         not null,
    merged_at   timestamptz  not null,
    undone_at   timestamptz,
    undone_by   varchar(100),
    undo_reason text,
    check (survivor_id <> absorbed_id)
);
create index customer_merge_survivor on customer_merge (survivor_id, merged_at desc);
create index customer_merge_absorbed on customer_merge (absorbed_id, merged_at desc);

-- What a merge moved from the absorbed customer to the survivor, so that an unmerge restores exactly that (and not
-- what was added to the survivor afterwards): identifiers (kind, value) and contacts (contact id).
create table customer_merge_moved (
    merge_id        uuid         not null references customer_merge (id) on delete cascade,
    item            varchar(10)  not null check (item in ('identifier', 'contact')),
    identifier_kind varchar(16)  not null default '',  -- '' for contacts
    value           varchar(320) not null,             -- identifier value, or the contact id
    primary key (merge_id, item, identifier_kind, value)
);
