-- GuidanceBench's data set: 10,000 articles (half French, half English), each with its published version, 3,000 with
-- a retired older version too and 1,000 with a newer draft (13,000+ rows in article_version). Same data every time.
-- Bodies: 120 words, 95 % from a synthetic vocabulary of 5,000 words, 5 % from about 40 banking words of the
-- article's language; titles: 3 banking words. Kinds: 60 % procedures, 25 % offers (a third expired, a third current,
-- a third starting later), 10 % fundamentals, 5 % communication rules. 40 % for one channel only, 20 % for one segment.
-- One or two reason codes of the default taxonomy per article (35 codes).
select setseed(0.42);

create temporary table vocabulary (language text, words text[]);
insert into vocabulary values
  ('fr', array['carte','compte','épargne','livret','virement','prélèvement','opposition','plafond','retrait','frais',
               'réclamation','délai','crédit','immobilier','prêt','échéance','banque','application','code','accès',
               'bloqué','perdue','volée','nouvelle','offre','taux','intérêts','client','conseiller','agence','rappeler',
               'vérifier','identité','signature','document','relevé','attestation','adresse','étranger','paiement']),
  ('en', array['card','account','savings','deposit','transfer','debit','stop','limit','withdrawal','fees','complaint',
               'delay','loan','mortgage','instalment','bank','app','passcode','access','blocked','lost','stolen','new',
               'offer','rate','interest','customer','adviser','branch','call','check','identity','signature','document',
               'statement','certificate','address','abroad','payment','charge']);

create temporary table reasons (codes text[]);
insert into reasons values (array['accounts','accounts.balance','accounts.blocked','accounts.closing','accounts.opening',
  'accounts.statement','cards','cards.blocked','cards.fees','cards.limit','cards.lost','cards.renewal','complaints',
  'complaints.delay','complaints.fees','complaints.service','general','general.address_change','general.info','loans',
  'loans.mortgage','loans.personal','loans.repayment','online','online.app','online.login','payments',
  'payments.direct_debit','payments.disputed','payments.transfer','savings','savings.new_offer','savings.open',
  'savings.rates','savings.withdrawal']);

create temporary table draft_article as
select i,
       md5('article' || i)::uuid as id,
       case when i % 2 = 0 then 'fr' else 'en' end as language,
       case when random() < 0.60 then 'procedure' when random() < 0.625 then 'offer'
            when random() < 0.667 then 'fundamentals' else 'communication_rule' end as kind,
       random() as r1, random() as r2, random() as r3, random() as r4
from generate_series(1, 10000) i;

insert into article (id, latest_version, created_at, updated_at)
select id, case when i % 10 = 0 then 3 when i % 10 < 3 then 2 else 1 end, now(), now() from draft_article;

create temporary table content as
select d.*,
       (select string_agg(case when random() + g * 0 < 0.05 then v.words[1 + floor(random() * array_length(v.words, 1))::int]
                               else 'w' || floor(random() * 5000)::int end, ' ')
        from generate_series(1, 120) g where g > d.i * 0) as body,
       (select string_agg(v.words[1 + floor(random() * array_length(v.words, 1))::int + g * 0], ' ')
        from generate_series(1, 3) g where g > d.i * 0) as title,
       (select array_agg(distinct r.codes[1 + floor(random() * 35)::int + g * 0]) from generate_series(1, 1 + (d.i % 2)) g
        where g > d.i * 0) as reason_codes
from draft_article d join vocabulary v on v.language = d.language, reasons r;

-- the published version: version 2 for the articles that also have a retired version 1, else version 1
insert into article_version (id, article_id, version, status, kind, title, body, language, channels, segments,
                             reason_codes, tags, owner, certification, effective_from, effective_to, created_at,
                             status_at, published_at)
select md5('published' || i)::uuid, id, case when i % 10 < 3 then 2 else 1 end, 'published', kind, title, body, language,
       case when r1 < 0.6 then '{}'::text[] when r1 < 0.73 then '{phone}' when r1 < 0.86 then '{mail}' else '{chat}' end,
       case when r2 < 0.8 then '{}'::text[] when r2 < 0.87 then '{premium}' when r2 < 0.94 then '{young}' else '{pro}' end,
       reason_codes, '{bench}', 'bench',
       case when kind = 'offer' and r3 < 0.3 then 'cert-' || (i % 50) end,
       case when kind = 'offer' then now() + (r4 * 3 - 2) * interval '60 days' end,
       case when kind = 'offer' then now() + (r4 * 3 - 2) * interval '60 days' + interval '90 days' end,
       now(), now(), now()
from content;

insert into article_version (id, article_id, version, status, kind, title, body, language, channels, segments,
                             reason_codes, tags, created_at, status_at, published_at, retired_at)
select md5('retired' || i)::uuid, id, 1, 'retired', kind, title, body || ' ancienne version', language, '{}', '{}',
       reason_codes, '{bench}', now(), now(), now(), now()
from content where i % 10 < 3;

insert into article_version (id, article_id, version, status, kind, title, body, language, channels, segments,
                             reason_codes, tags, created_at, status_at)
select md5('draft' || i)::uuid, id, 3, 'draft', kind, title, body || ' brouillon', language, '{}', '{}',
       reason_codes, '{bench}', now(), now()
from content where i % 10 = 0;

vacuum analyze article_version;
