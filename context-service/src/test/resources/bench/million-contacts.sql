-- Bench data set for the insights queries (issue #4): 1,000,000 contacts of 200,000 customers received between
-- 2025-01-01 and 2026-12-01. Reproducible (setseed). Not part of the test suite: run by InsightsMillionBench.
--   850,000 base contacts: channel phone/chat/mail 50/30/20 %, 30 reason codes under 6 families (5 % not codified),
--           status completed 90 % (else queued), outcome resolved 70 % / follow_up 20 % / escalated 10 %,
--           avoidable true / false / not said 1/3 each;
--   150,000 comebacks: a base contact's customer again for the same reason 1 minute to 6 days later (repeats).
select setseed(0.42);

insert into customer (id, created_at)
select md5('bench-customer-' || g)::uuid, timestamptz '2025-01-01' from generate_series(1, 200000) g;

insert into contact (id, workspace, channel, gateway_contact_id, address, customer_id, reason_code, status, status_at,
                     received_at, agent_id, outcome, avoidable)
select md5('bench-contact-' || g)::uuid, 'default',
       case when r1 < 0.5 then 'PHONE' when r1 < 0.8 then 'CHAT' else 'MAIL' end,
       'bench-' || g, 'bench', md5('bench-customer-' || (1 + floor(r2 * 200000))::int)::uuid,
       case when r3 < 0.05 then null
            else (array['cards','loans','accounts','transfers','mortgage','insurance'])[1 + floor(r3 * 6)::int % 6]
                 || '.' || (array['lost','fees','limit','open','close'])[1 + floor(r4 * 5)::int] end,
       case when r5 < 0.9 then 'COMPLETED' else 'QUEUED' end, recv, recv,
       case when r5 < 0.9 then 'agent-' || floor(r6 * 500)::int end,
       case when r5 >= 0.9 then null when r6 < 0.7 then 'RESOLVED' when r6 < 0.9 then 'FOLLOW_UP' else 'ESCALATED' end,
       case when r5 >= 0.9 then null when r7 < 1.0 / 3 then true when r7 < 2.0 / 3 then false end
  from (select g, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6, random() r7,
               timestamptz '2025-01-01' + random() * (timestamptz '2026-12-01' - timestamptz '2025-01-01') recv
          from generate_series(1, 850000) g) s;

insert into contact (id, workspace, channel, gateway_contact_id, address, customer_id, reason_code, status, status_at,
                     received_at, agent_id, outcome, avoidable)
select md5('bench-comeback-' || n)::uuid, 'default', channel, 'bench-comeback-' || n, 'bench', customer_id,
       reason_code, status, recv, recv, agent_id, outcome, avoidable
  from (select row_number() over () n, c.channel, c.customer_id, c.reason_code, c.status, c.agent_id, c.outcome,
               c.avoidable, least(c.received_at + interval '1 minute' + random() * interval '6 days',
                                  timestamptz '2026-11-30 23:59') recv
          from (select * from contact where reason_code is not null order by random() limit 150000) c) s;

vacuum analyze contact;
vacuum analyze customer;
