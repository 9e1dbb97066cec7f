-- relais-platform: outbox rows that can never be sent (the broker refuses the record itself: too large, invalid) are
-- set aside here by the relay, with the reason, so the rows behind them flow; an operator lists them
-- (GET /api/outbox/parked) and puts one back once the cause is fixed (POST /api/outbox/parked/{seq}/requeue).
create table outbox_parked (
    seq          bigint       primary key,
    event_id     uuid         not null unique,
    topic        varchar(200) not null,
    message_key  varchar(200) not null,
    event_type   varchar(200) not null,
    payload      text,
    occurred_at  timestamptz  not null,
    reason       text         not null,
    parked_at    timestamptz  not null default now()
);

-- The idempotent consumer's memory is pruned after the deduplication window (InboxPruning): by age.
create index processed_message_processed_at on processed_message (processed_at);
