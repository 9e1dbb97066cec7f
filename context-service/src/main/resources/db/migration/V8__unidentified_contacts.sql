-- context-service, issue #11: a phone contact whose caller id is withheld or unusable is received unidentified.
-- It gets a customer of its own (a stand-in nobody else can match: it holds no identifier) until the agent identifies
-- the caller (POST /api/contacts/{id}/identify), so that every contact still has a customer and two unidentified
-- callers are never taken for one person.
alter table customer add column unidentified boolean not null default false;

-- No normalised address for such a contact; what the gateway sent, if anything, is kept as it came for audit and is
-- never matched against anyone.
alter table contact alter column address drop not null;
alter table contact add column address_raw varchar(320);
