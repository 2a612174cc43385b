-- tests/debpkg/scripts/build.sql — sqlite3: builds out/t.db from generated
-- rows (a recursive CTE with an integer LCG), with an index and a view.
PRAGMA page_size = 4096;
CREATE TABLE item(id INTEGER PRIMARY KEY, name TEXT, grp INTEGER, price REAL, qty INTEGER);
CREATE TABLE grp(id INTEGER PRIMARY KEY, label TEXT);
WITH RECURSIVE r(i, s) AS (
    SELECT 1, 12345
    UNION ALL
    SELECT i + 1, (s * 1103515245 + 12345) % 2147483648 FROM r WHERE i < 3000
)
INSERT INTO item SELECT i, 'item' || printf('%05d', s % 100000), s % 23, (s % 100000) / 7.0, s % 50 FROM r;
WITH RECURSIVE g(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM g WHERE i < 22)
INSERT INTO grp SELECT i, 'group-' || char(65 + i) FROM g;
CREATE INDEX item_grp ON item(grp, price);
CREATE VIEW summary AS
    SELECT g.label, count(*) AS n, sum(i.qty) AS q, round(avg(i.price), 6) AS p
    FROM item i JOIN grp g ON g.id = i.grp GROUP BY g.label;
UPDATE item SET price = price * 1.5 WHERE qty > 45;
DELETE FROM item WHERE id % 97 = 0;
