-- knowledge-service, issue #5: versions and their publication workflow, effective dates, segments, certifications,
-- accent-insensitive full-text search, briefing receipts, feedback and the articles used in completed contacts.

-- Accent folding: unaccent (a trusted contrib extension since PostgreSQL 13: a database owner may create it) in
-- two text search configurations that fold accents before stemming, so "epargne" finds "épargne".
create extension if not exists unaccent;
create text search configuration relais_fr (copy = french);
alter text search configuration relais_fr alter mapping for hword, hword_part, word with unaccent, french_stem;
create text search configuration relais_en (copy = english);
alter text search configuration relais_en alter mapping for hword, hword_part, word with unaccent, english_stem;

-- Every edit of an article is a new version; the article row keeps the identity and the latest version number.
create table article_version (
    id             uuid primary key,
    article_id     uuid         not null references article (id),
    version        integer      not null,
    status         varchar(16)  not null check (status in ('draft', 'in_review', 'published', 'retired')),
    kind           varchar(32)  not null check (kind in ('fundamentals', 'communication_rule', 'procedure', 'offer')),
    title          varchar(300) not null,
    body           text         not null,  -- Markdown
    language       varchar(2)   not null check (language in ('fr', 'en')),
    channels       text[]       not null default '{}',  -- empty: every channel
    segments       text[]       not null default '{}',  -- customer segments it is for; empty: every segment
    reason_codes   text[]       not null default '{}',  -- the contact reasons it answers; "cards" answers "cards.lost"
    tags           text[]       not null default '{}',
    owner          varchar(100),
    certification  varchar(100),  -- the certification the handling agent should hold
    effective_from timestamptz,   -- null: as soon as published
    effective_to   timestamptz,   -- null: no end
    created_at     timestamptz  not null,
    created_by     varchar(100),
    status_at      timestamptz  not null,  -- when it reached its status
    status_by      varchar(100),
    published_at   timestamptz,
    retired_at     timestamptz,
    search         tsvector generated always as (
        setweight(to_tsvector(case when language = 'fr' then 'relais_fr'::regconfig else 'relais_en'::regconfig end, title), 'A')
        || setweight(to_tsvector(case when language = 'fr' then 'relais_fr'::regconfig else 'relais_en'::regconfig end, body), 'B')
    ) stored,
    unique (article_id, version),
    check (effective_to is null or effective_from is null or effective_to > effective_from)
);
-- Exactly one published version of an article at a time.
create unique index article_version_one_published on article_version (article_id) where status = 'published';
-- The hot path (guidance) and search read published versions only.
create index article_version_published_search on article_version using gin (search) where status = 'published';
create index article_version_published_reasons on article_version using gin (reason_codes) where status = 'published';
create index article_version_published_rules on article_version (language, kind) where status = 'published' and kind = 'communication_rule';

-- The articles written before versions existed were live: each becomes its version, published.
insert into article_version (id, article_id, version, status, kind, title, body, language, channels, reason_codes, tags,
                             created_at, status_at, published_at)
select gen_random_uuid(), id, version, 'published', kind, title, body, language, channels, reason_codes, tags,
       updated_at, updated_at, updated_at
from article;

drop index article_search;
drop index article_reason_codes;
alter table article drop column search;
alter table article drop column kind;
alter table article drop column title;
alter table article drop column body;
alter table article drop column language;
alter table article drop column channels;
alter table article drop column reason_codes;
alter table article drop column tags;
alter table article rename column version to latest_version;

-- Briefings (routing-service's receipts): who received and who read each published version.
create table briefing_receipt (
    article_id      uuid         not null,
    version         integer      not null,
    workspace       varchar(100) not null,
    agent_id        varchar(100) not null,
    delivered_at    timestamptz,
    acknowledged_at timestamptz,
    primary key (article_id, version, workspace, agent_id)
);

-- Agents' verdicts on articles.
create table article_feedback (
    id         uuid primary key,
    article_id uuid         not null references article (id),
    version    integer      not null,
    agent_id   varchar(100) not null,
    verdict    varchar(16)  not null check (verdict in ('helpful', 'outdated', 'wrong')),
    comment    varchar(2000),
    contact_id uuid,
    created_at timestamptz  not null
);
create index article_feedback_article on article_feedback (article_id, verdict);

-- The articles an agent used in a completed contact (relais.contacts.completed).
create table article_use (
    contact_id   uuid         not null,
    article_id   uuid         not null,
    customer_id  uuid,
    workspace    varchar(100) not null,
    agent_id     varchar(100),
    reason_code  varchar(100),
    outcome      varchar(16),
    completed_at timestamptz  not null,
    primary key (contact_id, article_id)
);
create index article_use_article on article_use (article_id, reason_code);

-- A later contact of the same customer for the same reason within the repeat window (CustomerSummary.repeatContact):
-- the earlier contact's answer did not hold. Recorded whatever the order the two events arrive in.
create table repeated_contact (
    contact_id  uuid primary key,  -- the earlier contact
    repeated_by uuid        not null,
    repeated_at timestamptz not null
);
