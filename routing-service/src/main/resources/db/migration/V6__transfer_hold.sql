-- routing-service: the hold of a transfer to a named agent, so that it survives a restart (the engine rebuilt from the
-- database gives the named agent the contact first until the hold ends, as before the restart).
alter table routed_contact add column transferred_to varchar(64);
alter table routed_contact add column transfer_hold_until timestamptz;
