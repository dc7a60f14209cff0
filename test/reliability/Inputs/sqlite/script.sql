-- The SQL run through SQLite's shell built with and without switchguard
-- (scripts/sqlite-check.sh): the two outputs must be identical. Only
-- deterministic statements: no random(), no current time. Errors are part
-- of the output (stderr is captured too).
.echo on
.headers on
.mode list
.nullvalue NULL
SELECT sqlite_version() AS version;

-- Tables of every kind, constraints, generated columns.
CREATE TABLE dept(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE);
CREATE TABLE emp(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  dept INTEGER REFERENCES dept(id),
  salary REAL CHECK (salary >= 0),
  hired TEXT,
  bonus REAL GENERATED ALWAYS AS (salary * 0.1) STORED
);
CREATE TABLE kv(k TEXT PRIMARY KEY, v ANY) STRICT, WITHOUT ROWID;
CREATE INDEX emp_dept ON emp(dept, salary DESC);
CREATE VIEW payroll AS
  SELECT d.name AS dept, count(*) AS n, sum(e.salary) AS total
  FROM emp e JOIN dept d ON d.id = e.dept GROUP BY d.name;
CREATE TABLE audit(at INTEGER PRIMARY KEY, what TEXT);
CREATE TRIGGER emp_raise AFTER UPDATE OF salary ON emp
  WHEN new.salary > old.salary
  BEGIN INSERT INTO audit(what) VALUES ('raise ' || new.name || ' ' || old.salary || '->' || new.salary); END;

INSERT INTO dept(name) VALUES ('Engineering'), ('Sales'), ('Support'), ('Research');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
INSERT INTO emp(name, dept, salary, hired)
  SELECT printf('emp%05d', i), 1 + i % 4, 1000 + (i * 7919) % 5000,
         date('2000-01-01', '+' || (i % 9000) || ' days')
  FROM n;
SELECT count(*), min(salary), max(salary), round(avg(salary), 3), total(bonus) FROM emp;
SELECT * FROM payroll ORDER BY dept;
-- A constraint failure is an error message, and nothing changes.
INSERT INTO emp(name, dept, salary) VALUES ('negative', 1, -5);
INSERT INTO dept(name) VALUES ('sales');
SELECT count(*) FROM emp WHERE name = 'negative';

-- Windows, CTEs, subqueries, upsert, RETURNING.
SELECT dept, name, salary,
       rank() OVER (PARTITION BY dept ORDER BY salary DESC, id) AS r,
       round(salary - avg(salary) OVER (PARTITION BY dept), 2) AS delta,
       lag(name) OVER (PARTITION BY dept ORDER BY salary DESC, id) AS prev
FROM emp WHERE id % 997 = 0 ORDER BY dept, r;
SELECT dept, group_concat(name, ',') FROM
  (SELECT dept, name FROM emp WHERE salary > 5990 ORDER BY name) GROUP BY dept;
WITH RECURSIVE fib(a, b, k) AS (SELECT 0, 1, 0 UNION ALL SELECT b, a + b, k + 1 FROM fib WHERE k < 90)
SELECT k, a FROM fib WHERE k % 15 = 0;
WITH RECURSIVE c(x) AS (SELECT 2 UNION ALL SELECT x + 1 FROM c WHERE x < 3000)
SELECT count(*) AS primes FROM c
  WHERE NOT EXISTS (SELECT 1 FROM c AS d WHERE d.x * d.x <= c.x AND c.x % d.x = 0);
INSERT INTO kv VALUES ('a', 1), ('b', 'two'), ('c', x'00ff'), ('d', 4.5)
  ON CONFLICT(k) DO UPDATE SET v = excluded.v;
INSERT INTO kv VALUES ('a', 10) ON CONFLICT(k) DO UPDATE SET v = v + excluded.v RETURNING k, v;
SELECT k, v, typeof(v) FROM kv ORDER BY k;
UPDATE emp SET salary = salary + 100 WHERE id IN (1, 2, 3) RETURNING id, salary;
SELECT * FROM audit ORDER BY at;

-- Transactions and savepoints.
BEGIN;
DELETE FROM emp WHERE dept = 2;
SAVEPOINT sp;
DELETE FROM emp;
SELECT count(*) FROM emp;
ROLLBACK TO sp;
SELECT count(*) FROM emp;
ROLLBACK;
SELECT count(*) FROM emp;

-- Functions: strings, dates, JSON, math, printf, blobs.
SELECT upper('switchguard'), length('héllo'), substr('coroutine', 3, 4), instr('hub', 'b'),
       replace('a-b-c', '-', '+'), trim('  x  '), hex('AB'), quote('it''s'), unicode('é');
SELECT date('2024-02-29', '+1 year'), datetime('2024-03-31 12:00:00', '-1 month'),
       strftime('%j %W %w', '2024-12-31'), julianday('2000-01-01'), unixepoch('2024-01-01');
SELECT json_object('a', 1, 'b', json_array(1, 2, 3)), json_extract('{"x":{"y":[5,6]}}', '$.x.y[1]'),
       '{"k":"v"}' ->> '$.k', json_group_array(id) FROM (SELECT id FROM dept ORDER BY id);
SELECT key, value, type FROM json_each('{"a":1,"b":[2],"c":null,"d":"s"}');
SELECT sqrt(2), pi(), pow(2, 10), ln(10), floor(-2.5), ceil(2.1), 7 / 2, 7 / 2.0, 7 % 3, -7 % 3;
SELECT printf('%5.2f|%-6s|%08x|%,d|%e|%q', 3.14159, 'ab', 48879, 1234567, 12345.678, 'it''s');
SELECT length(zeroblob(1000)), typeof(x'0102'), cast('12abc' AS INTEGER), cast(3.99 AS INTEGER),
       1e308 * 10, -1e308 * 10, 9223372036854775807 + 1, abs(-9223372036854775807);
SELECT median(salary), percentile(salary, 90) FROM emp;
SELECT 'Abc' = 'abc', 'Abc' = 'abc' COLLATE NOCASE, 'a%' LIKE 'A%', 'hub*' GLOB 'hub?',
       coalesce(NULL, NULL, 3), nullif(2, 2), iif(1 > 2, 'y', 'n');

-- Full text and R*Tree.
CREATE VIRTUAL TABLE docs USING fts4(title, body);
INSERT INTO docs VALUES
  ('fibers', 'a fiber that sleeps blocks every fiber of its thread'),
  ('hub', 'the hub resumes coroutines and waits for events'),
  ('monitor', 'the monitor thread notices a blocked hub and reports it');
SELECT title, snippet(docs) FROM docs WHERE docs MATCH 'hub' ORDER BY title;
SELECT title FROM docs WHERE body MATCH 'block*' ORDER BY title;
CREATE VIRTUAL TABLE boxes USING rtree(id, x0, x1, y0, y1);
INSERT INTO boxes VALUES (1, 0, 10, 0, 10), (2, 5, 15, 5, 15), (3, 20, 30, 20, 30);
SELECT id FROM boxes WHERE x1 >= 7 AND x0 <= 8 AND y1 >= 7 AND y0 <= 8 ORDER BY id;

-- The planner and the virtual machine, in the shell's other modes.
.eqp on
SELECT name FROM emp WHERE dept = 3 AND salary > 5995 ORDER BY salary DESC, id LIMIT 3;
.eqp off
.mode box
SELECT dept, n, total FROM payroll ORDER BY total DESC;
.mode json
SELECT id, name FROM dept ORDER BY id;
.mode csv
SELECT name, salary, hired FROM emp WHERE id <= 3;
.mode markdown
SELECT k, typeof(v) FROM kv ORDER BY k;
.mode list
.schema dept
.tables
.indexes emp
PRAGMA integrity_check;
PRAGMA foreign_key_check;
ANALYZE;
SELECT tbl, idx FROM sqlite_stat1 ORDER BY tbl, idx;
SELECT count(*) > 0 FROM bytecode('SELECT * FROM emp');
.dump kv
DROP VIEW payroll;
DROP TABLE emp;
VACUUM;
SELECT name FROM sqlite_schema ORDER BY name;
SELECT 'end of script';
