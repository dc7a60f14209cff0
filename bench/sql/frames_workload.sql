-- bench/sections/frames.sh: a fixed workload for SQLite's shell, in memory:
-- inserts, an index, scans and aggregates; no randomness, so every run
-- executes the same instructions.
CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c REAL);
WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 100000)
INSERT INTO t SELECT i, printf('%08x', (i * 2654435761) % 4294967296), i * 0.5 FROM r;
SELECT count(*), sum(c), max(b) FROM t WHERE b LIKE '%a%';
CREATE INDEX tb ON t(b);
SELECT count(*) FROM t WHERE b > '8';
SELECT substr(b, 1, 2) AS k, count(*), avg(c) FROM t GROUP BY k ORDER BY k LIMIT 3;
UPDATE t SET c = c * 2 WHERE a % 3 = 0;
SELECT sum(c) FROM t;
DELETE FROM t WHERE a % 5 = 0;
SELECT count(*) FROM t;
