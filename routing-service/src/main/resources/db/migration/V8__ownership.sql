-- routing-service, issue #12: one owner per workspace, fenced.
-- Each partition of relais.contacts.ready (the workspace-keyed topic) has one owner at a time: the replica Kafka's
-- consumer group assigned it to. A replica that is assigned a partition claims it here, which bumps its epoch; every
-- change to a workspace of that partition checks the claimant's epoch under a share lock on this row, so a former
-- owner (paused, partitioned away, slow to learn of the rebalance) can no longer commit: a claim waits for the
-- former owner's in-flight transactions, and the ones it starts after the claim are refused.
create table routing_partition (
    partition  integer      primary key,
    epoch      bigint       not null,
    replica    varchar(200) not null,
    url        varchar(500) not null,
    claimed_at timestamptz  not null
);
