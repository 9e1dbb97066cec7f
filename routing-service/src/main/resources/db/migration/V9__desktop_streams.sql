-- routing-service, issue #12: desktop streams on any replica.
-- Every event for an agent's desktop is a row, numbered per agent (1, 2, 3… in commit order: the counter row is
-- locked until the writing transaction ends), written in the transaction that decided it. The number is the SSE id:
-- a desktop that reconnects with Last-Event-ID, to any replica, gets exactly the events after it. Each insert is
-- announced with NOTIFY on commit (with the event itself when it fits in a notification), so every replica pushes it
-- to the desktops connected to it.
create table desktop_stream (
    agent_id varchar(64) primary key,
    last_seq bigint      not null
);

create table desktop_event (
    agent_id varchar(64) not null,
    seq      bigint      not null,
    event    text        not null,  -- the JSON the stream sends
    at       timestamptz not null,
    primary key (agent_id, seq)
);
create index desktop_event_at on desktop_event (at);

create function desktop_event_notify() returns trigger language plpgsql as $$
begin
    -- a notification carries at most 8000 bytes: larger events (offers with a long history) are read back by id
    if octet_length(new.event) <= 7000 then
        perform pg_notify('relais_desktop', new.agent_id || ' ' || new.seq || ' ' || new.event);
    else
        perform pg_notify('relais_desktop', new.agent_id || ' ' || new.seq);
    end if;
    return null;
end $$;

create trigger desktop_event_notify after insert on desktop_event
    for each row execute function desktop_event_notify();
