-- clvkit summary: one row per customer (same-day purchases merged), time unit week, observation end 1997-09-30 (epoch day 10134)
WITH tx AS (
  SELECT
    CAST(`customer_id` AS STRING) AS customer_id,
    DATE_DIFF(CASE WHEN LENGTH(CAST(`date` AS STRING)) = 8 THEN SAFE.PARSE_DATE('%Y%m%d', CAST(`date` AS STRING)) ELSE SAFE_CAST(SUBSTR(CAST(`date` AS STRING), 1, 10) AS DATE) END, DATE '1970-01-01', DAY) AS d,
    SAFE_CAST(`amount` AS FLOAT64) AS amount
  FROM `sales`.`tx`
),
routed AS (
  SELECT
    CASE WHEN customer_id IS NULL OR d IS NULL OR amount IS NULL OR d > 10134 THEN NULL ELSE customer_id END AS customer_id,
    CASE WHEN customer_id IS NULL OR d IS NULL OR amount IS NULL THEN 0 WHEN d > 10134 THEN 1 ELSE d END AS d,
    amount
  FROM tx
),
days AS (
  SELECT customer_id, d, SUM(amount) AS amount, COUNT(*) AS n
  FROM routed
  GROUP BY customer_id, d
),
per AS (
  SELECT customer_id,
    MIN(d) AS first_day,
    MAX(d) AS last_day,
    COUNT(*) AS purchases,
    SUM(n) AS transaction_count,
    SUM(amount) AS total_amount,
    ANY_VALUE(amount HAVING MIN d) AS first_amount,
    SUM(n * d) AS rows_after_end
  FROM days
  GROUP BY customer_id
),
totals AS (
  SELECT per.*,
    COALESCE(SUM(CASE WHEN customer_id IS NULL THEN rows_after_end ELSE 0 END) OVER (), 0) AS transactions_after_end,
    COALESCE(SUM(CASE WHEN customer_id IS NULL THEN transaction_count - rows_after_end ELSE 0 END) OVER (), 0) AS invalid_rows
  FROM per
)
SELECT
  customer_id AS `customer_id`,
  CAST(purchases - 1 AS FLOAT64) AS `frequency`,
  CAST(last_day - first_day AS FLOAT64) / CAST(7 AS FLOAT64) AS `recency`,
  CAST(10134 - first_day AS FLOAT64) / CAST(7 AS FLOAT64) AS `T`,
  CASE WHEN purchases > 1 THEN (total_amount - first_amount) / CAST(purchases - 1 AS FLOAT64) ELSE CAST(0 AS FLOAT64) END AS `monetary_value`,
  CAST(first_day AS INT64) AS `first_day`,
  CAST(last_day AS INT64) AS `last_day`,
  CAST(transaction_count AS INT64) AS `transaction_count`,
  total_amount AS `total_amount`,
  CAST(10134 - last_day AS INT64) AS `days_since_last_purchase`,
  CAST(transactions_after_end AS INT64) AS `transactions_after_end`,
  CAST(invalid_rows AS INT64) AS `invalid_rows`
FROM totals
WHERE customer_id IS NOT NULL