-- context-service, issue #4: what the agent codified at completion beyond reason, outcome and note.
-- avoidable: the customer should not have needed to contact us (null: not said).
-- suggestion: the customer's own suggestion or idea, published on relais.voice-of-customer.
alter table contact add column avoidable boolean;
alter table contact add column suggestion text;
