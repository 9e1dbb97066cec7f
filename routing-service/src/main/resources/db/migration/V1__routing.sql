-- routing-service: agents, their skills, and the contacts being routed.

create table agent (
    id            varchar(64)  primary key,
    workspace     varchar(64)  not null,
    name          varchar(200) not null,
    languages     text[]       not null,
    channels      text[]       not null,
    status        varchar(16)  not null,  -- AVAILABLE, AWAY, OFFLINE (set by the agent)
    status_reason varchar(200),
    status_at     timestamptz  not null,
    -- Fairness: among equally good agents, the one idle the longest gets the next contact.
    idle_since    timestamptz  not null,
    created_at    timestamptz  not null,
    updated_at    timestamptz  not null
);

create table agent_skill (
    agent_id    varchar(64)  not null references agent (id) on delete cascade,
    skill       varchar(100) not null,
    proficiency smallint     not null check (proficiency between 1 and 5),
    primary key (agent_id, skill)
);

create table routed_contact (
    contact_id     uuid primary key,
    workspace      varchar(64)  not null,
    channel        varchar(8)   not null,
    language       varchar(8),
    required_skill varchar(100) not null,
    customer_id    uuid         not null,
    -- The ContactReady event as received: what the agent's desktop shows (history, guidance).
    payload        text         not null,
    status         varchar(16)  not null,  -- QUEUED, OFFERED, ACCEPTED, COMPLETED
    -- First come, first served on the customer's own arrival time.
    received_at    timestamptz  not null,
    queued_at      timestamptz  not null,
    agent_id       varchar(64)  references agent (id),
    offered_at     timestamptz,
    accepted_at    timestamptz,
    completed_at   timestamptz,
    reason_code    varchar(100),
    outcome        varchar(16),
    note           text,
    -- The last routing decision, in words: why this agent, or why the contact still waits.
    decision       text
);
create index routed_contact_waiting on routed_contact (workspace, received_at) where status = 'QUEUED';
-- The database itself guarantees an agent holds one contact at a time (offered or accepted).
create unique index routed_contact_one_per_agent on routed_contact (agent_id) where status in ('OFFERED', 'ACCEPTED');

-- An agent who declined a contact is not offered it again.
create table contact_decline (
    contact_id  uuid        not null references routed_contact (contact_id) on delete cascade,
    agent_id    varchar(64) not null references agent (id) on delete cascade,
    declined_at timestamptz not null,
    primary key (contact_id, agent_id)
);
