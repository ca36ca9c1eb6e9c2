-- clvkit summary: one row per customer (same-day purchases merged), time unit month, observation end 1997-09-30 (epoch day 10134)
WITH tx AS (
  SELECT
    CAST(`customer_id` AS STRING) AS customer_id,
    DATE_DIFF(CAST(`date` AS DATE), DATE '1970-01-01', DAY) AS d,
    SAFE_CAST(`amount` AS FLOAT64) AS amount
  FROM `sales`.`tx`
),
days AS (
  SELECT customer_id, d, SUM(amount) AS amount, COUNT(amount) AS n, COUNT(*) - COUNT(amount) AS bad
  FROM tx
  GROUP BY customer_id, d
),
per AS (
  SELECT customer_id,
    MIN(CASE WHEN n > 0 AND d <= 10134 THEN d END) AS first_day,
    MAX(CASE WHEN n > 0 AND d <= 10134 THEN d END) AS last_day,
    SUM(CASE WHEN n > 0 AND d <= 10134 THEN 1 ELSE 0 END) AS purchases,
    SUM(CASE WHEN d <= 10134 THEN n ELSE 0 END) AS transaction_count,
    SUM(CASE WHEN n > 0 AND d <= 10134 THEN amount ELSE 0 END) AS total_amount,
    ANY_VALUE(amount HAVING MIN d) AS first_amount,
    SUM(CASE WHEN n > 0 AND d > 10134 AND d <= 10134 THEN 1 ELSE 0 END) AS holdout_purchases,
    SUM(CASE WHEN n > 0 AND d > 10134 AND d <= 10134 THEN amount ELSE 0 END) AS holdout_amount,
    SUM(CASE WHEN d > 10134 THEN n ELSE 0 END) AS after_end,
    SUM(CASE WHEN d IS NULL OR customer_id IS NULL THEN n + bad ELSE bad END) AS bad_rows
  FROM days
  GROUP BY customer_id
),
totals AS (
  SELECT per.*,
    SUM(after_end) OVER () AS transactions_after_end,
    SUM(CASE WHEN purchases = 0 AND holdout_purchases > 0 THEN 1 ELSE 0 END) OVER () AS excluded_after_calibration,
    SUM(bad_rows) OVER () AS invalid_rows
  FROM per
)
SELECT
  customer_id AS `customer_id`,
  CAST(purchases - 1 AS FLOAT64) AS `frequency`,
  CAST(last_day - first_day AS FLOAT64) / CAST(30.4375 AS FLOAT64) AS `recency`,
  CAST(10134 - first_day AS FLOAT64) / CAST(30.4375 AS FLOAT64) AS `T`,
  CASE WHEN purchases > 1 THEN (total_amount - first_amount) / CAST(purchases - 1 AS FLOAT64) ELSE CAST(0 AS FLOAT64) END AS `monetary_value`,
  CAST(first_day AS INT64) AS `first_day`,
  CAST(last_day AS INT64) AS `last_day`,
  CAST(transaction_count AS INT64) AS `transaction_count`,
  total_amount AS `total_amount`,
  CAST(10134 - last_day AS INT64) AS `days_since_last_purchase`,
  CAST(transactions_after_end AS INT64) AS `transactions_after_end`,
  CAST(invalid_rows AS INT64) AS `invalid_rows`
FROM totals
WHERE purchases > 0 AND customer_id IS NOT NULL
ORDER BY customer_id