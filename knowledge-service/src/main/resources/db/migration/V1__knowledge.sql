-- knowledge-service: the customer-service bible's articles, searchable in French and English.

create table article (
    id           uuid primary key,
    kind         varchar(32)  not null check (kind in ('fundamentals', 'communication_rule', 'procedure', 'offer')),
    title        varchar(300) not null,
    body         text         not null,  -- Markdown
    language     varchar(2)   not null,
    channels     text[]       not null default '{}',  -- empty: every channel
    reason_codes text[]       not null default '{}',  -- the contact reasons it answers; "cards" answers "cards.lost"
    tags         text[]       not null default '{}',
    version      integer      not null,
    created_at   timestamptz  not null,
    updated_at   timestamptz  not null,
    -- Full text, stemmed in the article's language; the title weighs more than the body.
    search       tsvector generated always as (
        setweight(to_tsvector(case when language = 'fr' then 'french'::regconfig else 'english'::regconfig end, title), 'A')
        || setweight(to_tsvector(case when language = 'fr' then 'french'::regconfig else 'english'::regconfig end, body), 'B')
    ) stored
);
create index article_search on article using gin (search);
create index article_reason_codes on article using gin (reason_codes);
