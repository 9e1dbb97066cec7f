-- context-service, issue #4: receipts of erasures (right to erasure). A receipt names no customer, not even by a hash
-- (a hash of an id is still personal data): it proves an erasure took place, when, who asked and why, and how many
-- rows went. The reason is free text: callers must not write personal data in it.
create table customer_erasure (
    id           uuid primary key,
    erased_at    timestamptz  not null,
    actor        varchar(100) not null,
    reason       text         not null,
    rows_removed integer      not null
);
