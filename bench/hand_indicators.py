"""The 10 indicators of one calendar year written by hand in DuckDB SQL (every row, no
as-of date): the yardstick `make bench` times `perfml indicateurs` against.

    python bench/hand_indicators.py ENTREPOT ANNEE SORTIE.csv

Writes one row per ML and indicator (code_ml, indicateur, numerateur, denominateur), as
the ML rows of `perfml indicateurs --annee ANNEE`. Only `duckdb` is imported: what a
statistician would write without perfml.
"""

import sys

import duckdb

SQL = """
WITH
p AS (SELECT DATE '{y}-01-01' AS d0, DATE '{y}-12-31' AS d1,
             CAST(DATE '{y}-12-31' - INTERVAL 3 MONTH AS DATE) AS seuil),
ml AS (SELECT code_ml FROM structures),
pacea AS (SELECT * FROM dispositifs WHERE type = 'PACEA'),
yearly AS (
  SELECT s.code_ml, s.etp, s.ressources_eur FROM structures_annee s
  JOIN (SELECT code_ml, max(annee) AS annee FROM structures_annee WHERE annee <= {y}
        GROUP BY code_ml) l USING (code_ml, annee)),
neet AS (
  SELECT c.code_ml, c.neet_16_25 FROM contexte c
  JOIN (SELECT code_ml, max(annee) AS annee FROM contexte WHERE annee <= {y}
        GROUP BY code_ml) l USING (code_ml, annee)),
i1 AS (SELECT code_ml, count(*) FILTER (WHERE coalesce(neet_premier_accueil, false)) AS num
       FROM jeunes, p WHERE date_premier_accueil BETWEEN d0 AND d1 GROUP BY code_ml),
c2 AS (SELECT j.id_jeune, j.code_ml, j.date_premier_accueil AS a,
              CAST(j.date_premier_accueil + INTERVAL 3 MONTH AS DATE) AS e
       FROM jeunes j, p
       WHERE CAST(j.date_premier_accueil + INTERVAL 3 MONTH AS DATE) BETWEEN d0 AND d1),
i2 AS (SELECT code_ml, count(*) AS den,
              count(*) FILTER (WHERE EXISTS (
                SELECT 1 FROM pacea x WHERE x.id_jeune = c2.id_jeune
                AND x.date_entree BETWEEN c2.a AND c2.e)) AS num
       FROM c2 GROUP BY code_ml),
running AS (
  SELECT x.code_ml, x.id_jeune, max(x.date_entree) AS entree
  FROM pacea x, p
  WHERE x.date_entree <= d1 AND coalesce(x.date_sortie, DATE '9999-12-31') > d1
    AND NOT EXISTS (SELECT 1 FROM situations s
                    WHERE s.id_jeune = x.id_jeune
                      AND s.categorie IN ('EMPLOI', 'ALTERNANCE', 'FORMATION',
                                          'VOLONTARIAT', 'SNP')
                      AND s.date_debut <= d1
                      AND coalesce(s.date_fin, DATE '9999-12-31') >= d1)
  GROUP BY x.code_ml, x.id_jeune),
i3 AS (SELECT code_ml, count(*) AS den,
              count(*) FILTER (WHERE entree < (SELECT seuil FROM p) AND NOT EXISTS (
                SELECT 1 FROM propositions o, p WHERE o.id_jeune = running.id_jeune
                AND o.date_proposition BETWEEN seuil AND d1)) AS num
       FROM running GROUP BY code_ml),
c4 AS (SELECT x.id_jeune, x.code_ml, x.date_entree AS a,
              CAST(x.date_entree + INTERVAL 12 MONTH AS DATE) AS e
       FROM pacea x, p WHERE CAST(x.date_entree + INTERVAL 12 MONTH AS DATE) BETWEEN d0 AND d1),
i4 AS (SELECT code_ml, count(*) AS den,
              count(*) FILTER (WHERE EXISTS (
                SELECT 1 FROM situations s WHERE s.id_jeune = c4.id_jeune
                AND s.categorie IN ('EMPLOI', 'FORMATION', 'ALTERNANCE')
                AND s.date_debut BETWEEN c4.a AND c4.e)) AS num
       FROM c4 GROUP BY code_ml),
i5 AS (SELECT code_ml, count(*) AS den,
              count(*) FILTER (WHERE situation_sortie IN ('EMPLOI', 'ALTERNANCE')) AS num
       FROM pacea, p WHERE date_sortie BETWEEN d0 AND d1 GROUP BY code_ml),
i6 AS (SELECT code_ml, count(*) AS den,
              count(*) FILTER (WHERE situation_sortie IN ('EMPLOI', 'ALTERNANCE')) AS num
       FROM dispositifs, p
       WHERE type = 'GJ' AND date_sortie BETWEEN d0 AND d1
         AND date_sortie >= CAST(date_entree + INTERVAL 12 MONTH - INTERVAL 1 DAY AS DATE)
       GROUP BY code_ml),
i7 AS (SELECT m.code_ml, count(*) AS den, count(*) FILTER (WHERE m.statut = 'REALISEE') AS num
       FROM mises_en_relation m JOIN offres o USING (id_offre), p
       WHERE o.origine = 'INTERNE' AND m.date_prescription BETWEEN d0 AND d1
       GROUP BY m.code_ml),
i8 AS (SELECT o.code_ml, count(*) AS den,
              count(*) FILTER (WHERE EXISTS (
                SELECT 1 FROM mises_en_relation m WHERE m.id_offre = o.id_offre
                AND m.statut = 'REALISEE')) AS num
       FROM offres o, p WHERE o.origine = 'INTERNE' AND o.date_collecte BETWEEN d0 AND d1
       GROUP BY o.code_ml),
counts AS (
  SELECT ml.code_ml, n.number,
         CASE n.number WHEN 1 THEN i1.num WHEN 2 THEN i2.num WHEN 3 THEN i3.num
              WHEN 4 THEN i4.num WHEN 5 THEN i5.num WHEN 6 THEN i6.num WHEN 7 THEN i7.num
              WHEN 8 THEN i8.num WHEN 9 THEN i5.num END AS num,
         CASE n.number WHEN 2 THEN i2.den WHEN 3 THEN i3.den WHEN 4 THEN i4.den
              WHEN 5 THEN i5.den WHEN 6 THEN i6.den WHEN 7 THEN i7.den WHEN 8 THEN i8.den
              WHEN 10 THEN i5.num END AS den
  FROM ml CROSS JOIN range(1, 11) n(number)
  LEFT JOIN i1 USING (code_ml) LEFT JOIN i2 USING (code_ml) LEFT JOIN i3 USING (code_ml)
  LEFT JOIN i4 USING (code_ml) LEFT JOIN i5 USING (code_ml) LEFT JOIN i6 USING (code_ml)
  LEFT JOIN i7 USING (code_ml) LEFT JOIN i8 USING (code_ml))
SELECT c.code_ml, c.number AS indicateur,
       CASE WHEN c.number = 10 THEN y.ressources_eur ELSE coalesce(c.num, 0) END AS numerateur,
       CASE WHEN c.number = 1 THEN ne.neet_16_25 WHEN c.number = 9 THEN y.etp
            ELSE coalesce(c.den, 0) END AS denominateur
FROM counts c LEFT JOIN yearly y USING (code_ml) LEFT JOIN neet ne USING (code_ml)
ORDER BY c.number, c.code_ml
"""


def main() -> None:
    warehouse, year, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    con = duckdb.connect(warehouse, read_only=True)
    con.execute("SET enable_progress_bar = false")
    query = SQL.format(y=year)
    con.execute(f"COPY ({query}) TO '{out}' (HEADER, DELIMITER ',')")


if __name__ == "__main__":
    main()
