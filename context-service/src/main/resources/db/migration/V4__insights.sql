-- context-service, issue #4 (insights): indexes for the insights queries and the history filters.

-- Insights over a period: range scan on received_at; the columns every figure needs are carried in the index so that
-- a period is read from the index alone when the visibility map allows it.
create index contact_received_insights on contact (received_at)
    include (channel, reason_code, customer_id, status, outcome, avoidable);

-- Repeat detection: "did this customer contact us for the same reason within the window before (or after) this
-- contact?" reads contacts in (customer, reason, time) order, so that the window counts need no sort on long periods;
-- the included columns keep that read in the index (a heap fetch per contact made a year's query twice as slow).
create index contact_customer_reason_received on contact (customer_id, reason_code, received_at)
    include (channel, status, outcome, avoidable);
