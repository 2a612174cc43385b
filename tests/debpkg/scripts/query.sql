-- tests/debpkg/scripts/query.sql — sqlite3: queries on out/t.db (joins,
-- aggregates, window functions, JSON, string and math functions).
.headers on
.mode list
SELECT count(*), sum(qty), round(sum(price), 4), min(name), max(name) FROM item;
SELECT * FROM summary ORDER BY n DESC, label LIMIT 8;
SELECT grp, name, price, rank() OVER (PARTITION BY grp ORDER BY price DESC) AS r
    FROM item WHERE grp < 3 ORDER BY grp, r, name LIMIT 15;
SELECT id, sum(qty) OVER (ORDER BY id ROWS BETWEEN 3 PRECEDING AND CURRENT ROW) AS w FROM item
    WHERE id BETWEEN 100 AND 120;
SELECT json_object('id', id, 'name', name, 'tags', json_array(grp, qty)) FROM item ORDER BY price DESC LIMIT 3;
SELECT upper(substr(name, 1, 6)), length(name), instr(name, '0'), replace(name, 'item', 'I'),
    printf('%08.3f|%-6d|%x', price, qty, id), hex(substr(name, 5)) FROM item ORDER BY id LIMIT 5;
SELECT grp, group_concat(qty, '+') FROM (SELECT grp, qty FROM item WHERE id < 60 ORDER BY id) GROUP BY grp ORDER BY grp;
SELECT typeof(1), typeof(1.0), typeof('x'), typeof(NULL), 7 / 2, 7 / 2.0, -7 % 3, 1e308 * 10, abs(-9223372036854775807);
SELECT a.id, b.id FROM item a JOIN item b ON a.qty = b.qty AND a.grp = b.grp AND a.id < b.id ORDER BY a.id, b.id LIMIT 6;
EXPLAIN QUERY PLAN SELECT * FROM item WHERE grp = 5 AND price > 100;
PRAGMA integrity_check;
.sha3sum
