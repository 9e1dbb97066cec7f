-- ContactReady schema 2 (issue 11): guidance carries each article's title, a summary of at most 500 characters cut on a
-- word boundary, why it was chosen and a link to the full article (this version, on knowledge-service), no longer
-- the whole Markdown body. The routed contacts stored before (payload: the ContactReady as received, re-serialised)
-- are rewritten the same way, so the desktop shows their summary and the rows lose the bodies they kept.
-- Idempotent: only suggestions that still have a body are touched.

-- What knowledge-service's Markdown.summary does: the first paragraph that is not a heading, without * _ `, lines
-- joined, at most 500 characters with an ellipsis, cut before the word that does not fit.
create function relais_v7_summary(body text) returns text language sql immutable as $$
    select coalesce((
        select case
                   when length(p) <= 500 then p
                   when substr(p, 500, 1) ~ '\s' or left(p, 499) !~ '\s' then rtrim(left(p, 499)) || '…'
                   else rtrim(regexp_replace(left(p, 499), '\s+\S*$', '')) || '…'
               end
        from (select btrim(regexp_replace(regexp_replace(btrim(para, E' \t\r\n'), '[*_`]', '', 'g'),
                                          E'\\s*(\\r\\n|\\n|\\r)\\s*', ' ', 'g'), E' \t') as p,
                     left(btrim(para, E' \t\r\n'), 1) as first, n
              from regexp_split_to_table(btrim(coalesce(body, ''), E' \t\r\n'), E'(\\r\\n|\\n|\\r)\\s*(\\r\\n|\\n|\\r)')
                   with ordinality as t(para, n)) paragraphs
        where p <> '' and first <> '#'
        order by n
        limit 1), '')
$$;

update routed_contact r
set payload = jsonb_set(jsonb_set(r.payload::jsonb, '{guidance}', (
        select coalesce(jsonb_agg((g - 'body') || jsonb_build_object(
                   'summary', relais_v7_summary(g ->> 'body'),
                   'link', '/api/articles/' || (g ->> 'articleId') || '/versions/' || (g ->> 'version'))
                   order by i), '[]'::jsonb)
        from jsonb_array_elements(r.payload::jsonb -> 'guidance') with ordinality as e(g, i))),
    '{schemaVersion}', '2')::text
where jsonb_typeof(r.payload::jsonb -> 'guidance') = 'array'
  and jsonb_path_exists(r.payload::jsonb, '$.guidance[*].body');

drop function relais_v7_summary(text);
