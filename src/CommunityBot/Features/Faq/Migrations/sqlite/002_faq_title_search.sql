-- Questions, aliases and tags get their own small trigram index: most searches are answered from it alone, and
-- its short doclists keep /faq search fast on large FAQs. faq_search still serves matches in answers.
-- "pairs" makes two-character words searchable through trigrams too (Korean two-syllable words such as 결제):
-- every pair of adjacent characters is stored followed by U+E000, so the query "결제" becomes the trigram "결제".
CREATE VIRTUAL TABLE faq_search_titles USING fts5 (title, tags, pairs, tokenize = 'trigram');

INSERT INTO faq_search_titles (rowid, title, tags, pairs)
SELECT e.id, e.title_text, replace(e.tags, ',', ' '),
       (WITH RECURSIVE source(text) AS (SELECT e.title_text || ' ' || replace(e.tags, ',', ' ')),
                       i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i, source WHERE n < length(text) - 1)
        SELECT group_concat(substr(text, n, 2) || char(57344), ' ') FROM i, source WHERE instr(substr(text, n, 2), ' ') = 0)
FROM faq_entries e WHERE e.status = 'published';

-- One-character words are matched by scanning questions and aliases, which this covering index keeps narrow.
CREATE INDEX ix_faq_entries_titles ON faq_entries (guild_id, status, title_text);
