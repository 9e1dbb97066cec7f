-- routing-service, issue #3: per-channel capacity, queues, offers that expire, wrap-up, explanations, statistics.

-- One row per workspace: every change to a workspace's routing state bumps its version in the changing transaction.
-- The row lock serialises those transactions across threads and replicas; the version tells a replica whether the
-- engine it holds in memory is still the truth (same version + 1) or must be rebuilt from these tables.
create table routing_workspace (
    workspace varchar(64) primary key,
    version   bigint      not null
);

-- Queues: the definition is the API's JSON (see QueueDefinitionJson); config-defined queues are upserted at start.
create table routing_queue (
    workspace  varchar(64)  not null,
    id         varchar(64)  not null,
    definition jsonb        not null,
    source     varchar(16)  not null,  -- api or config
    updated_at timestamptz  not null,
    primary key (workspace, id)
);

-- Agents: capacity per channel replaces the list of channels; certifications; wrap-up; missed offers in a row.
alter table agent add column capacity_phone smallint not null default 0 check (capacity_phone between 0 and 20);
alter table agent add column capacity_mail  smallint not null default 0 check (capacity_mail between 0 and 50);
alter table agent add column capacity_chat  smallint not null default 0 check (capacity_chat between 0 and 20);
update agent set capacity_phone = case when 'phone' = any (channels) then 1 else 0 end,
                 capacity_mail  = case when 'mail'  = any (channels) then 5 else 0 end,
                 capacity_chat  = case when 'chat'  = any (channels) then 3 else 0 end;
alter table agent drop column channels;
alter table agent add column certifications text[] not null default '{}';
alter table agent add column wrap_up_until timestamptz;
alter table agent add column missed_in_row integer not null default 0;

-- Contacts: their queue, what routing needs to rebuild them, offer expiry, and when they left routing.
alter table routed_contact add column queue_id varchar(64) not null default 'default';
alter table routed_contact add column segment varchar(64);
alter table routed_contact add column last_agent_id varchar(64);
alter table routed_contact add column required_certification varchar(100);
alter table routed_contact add column reason_code_in varchar(100);
alter table routed_contact add column offer_expires_at timestamptz;
alter table routed_contact add column ended_at timestamptz;
-- An agent may now hold several contacts (capacity); a contact still has one agent_id, so one agent at a time.
drop index routed_contact_one_per_agent;
create index routed_contact_open on routed_contact (workspace) where status in ('QUEUED', 'OFFERED', 'ACCEPTED');
create index routed_contact_held on routed_contact (agent_id) where status in ('OFFERED', 'ACCEPTED');
-- Today's statistics per queue read contacts by arrival.
create index routed_contact_arrival on routed_contact (workspace, received_at);

-- A missed offer counts as a decline: the contact does not go back to that agent.
alter table contact_decline add column missed boolean not null default false;

-- Every routing decision about a contact, in words: offered (with the candidates weighed), missed, declined,
-- withdrawn, overflowed, expired, transferred.
create table routing_decision (
    id         bigserial    primary key,
    contact_id uuid         not null references routed_contact (contact_id) on delete cascade,
    at         timestamptz  not null,
    kind       varchar(16)  not null,
    agent_id   varchar(64),
    words      text         not null
);
create index routing_decision_contact on routing_decision (contact_id, id);
