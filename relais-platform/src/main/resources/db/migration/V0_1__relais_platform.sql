-- relais-platform: in every service's database, before the service's own migrations (V1 onwards).
-- Transactional outbox (relais-platform OutboxRelay) and the idempotent consumer's inbox (ProcessedMessages).
create table outbox_event (
    seq          bigserial primary key,
    event_id     uuid         not null unique,
    topic        varchar(200) not null,
    message_key  varchar(200) not null,
    event_type   varchar(200) not null,
    payload      text         not null,
    occurred_at  timestamptz  not null
);
create function notify_outbox() returns trigger language plpgsql as $$
begin
    perform pg_notify('relais_outbox', '');
    return null;
end $$;
create trigger outbox_event_notify after insert on outbox_event for each statement execute function notify_outbox();

create table processed_message (
    consumer     varchar(100) not null,
    event_id     uuid         not null,
    processed_at timestamptz  not null default now(),
    primary key (consumer, event_id)
);
