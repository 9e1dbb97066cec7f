-- routing-service, issue #5: briefings. knowledge-service publishes offers and procedures (ArticlePublished with
-- briefing = true); routing keeps the latest version of each, briefs the agents it concerns and records their
-- acknowledgment, which grants the article's certification.

-- The latest version of each briefing article (one row per article, replaced by a newer version).
create table briefing_article (
    article_id     uuid         primary key,
    version        integer      not null,
    kind           varchar(32),
    language       varchar(8),
    title          text,
    summary        text,
    certification  varchar(100),
    reason_codes   text[]       not null default '{}',
    segments       text[]       not null default '{}',
    effective_from timestamptz,
    effective_to   timestamptz,
    published_at   timestamptz  not null
);
-- An offer made to an uncertified agent carries the latest briefing with the contact's certification.
create index briefing_article_certification on briefing_article (certification, published_at) where certification is not null;

-- One briefing per agent and article: the version delivered, and whether (and which version) the agent acknowledged.
-- A newer version of the article delivers again (acknowledged_at back to null): the agent reads what changed.
create table agent_briefing (
    agent_id             varchar(64) not null references agent (id) on delete cascade,
    article_id           uuid        not null references briefing_article (article_id) on delete cascade,
    workspace            varchar(64) not null,
    version              integer     not null,
    delivered_at         timestamptz not null,
    acknowledged_at      timestamptz,
    acknowledged_version integer,
    primary key (agent_id, article_id)
);
create index agent_briefing_article on agent_briefing (article_id);
