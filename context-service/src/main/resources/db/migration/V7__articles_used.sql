-- context-service: the knowledge articles the agent used to answer a contact (ContactCompleted.articlesUsed), so a
-- customer's history says what was tried; empty when the agent said none.
alter table contact add column articles_used uuid[] not null default '{}';
