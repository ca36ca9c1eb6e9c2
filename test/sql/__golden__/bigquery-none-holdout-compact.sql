-- clvkit summary: one row per customer (every transaction a purchase), time unit week, observation end 1997-09-30 (epoch day 10134), calibration end 1997-06-30 (epoch day 10042)
WITH tx AS (
  SELECT
    CAST(`customer_id` AS STRING) AS customer_id,
    DATE_DIFF(SAFE.PARSE_DATE('%Y%m%d', CAST(`date` AS STRING)), DATE '1970-01-01', DAY) AS d,
    SAFE_CAST(`amount` AS FLOAT64) AS amount,
    `seq` AS ord
  FROM `sales`.`tx`
),
routed AS (
  SELECT
    CASE WHEN customer_id IS NULL OR d IS NULL OR amount IS NULL OR d > 10134 THEN NULL ELSE customer_id END AS customer_id,
    CASE WHEN customer_id IS NULL OR d IS NULL OR amount IS NULL THEN 0 WHEN d > 10134 THEN 1 ELSE d END AS d,
    amount, ord
  FROM tx
),
days AS (
  SELECT customer_id, d, amount, 1 AS n,
    ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY d, ord, amount) AS rn
  FROM routed
),
per AS (
  SELECT customer_id,
    MIN(CASE WHEN d <= 10042 THEN d END) AS first_day,
    MAX(CASE WHEN d <= 10042 THEN d END) AS last_day,
    SUM(CASE WHEN d <= 10042 THEN 1 ELSE 0 END) AS purchases,
    SUM(CASE WHEN d <= 10042 THEN n ELSE 0 END) AS transaction_count,
    SUM(CASE WHEN d <= 10042 THEN amount ELSE 0 END) AS total_amount,
    SUM(CASE WHEN rn = 1 THEN amount ELSE 0 END) AS first_amount,
    SUM(CASE WHEN d > 10042 THEN 1 ELSE 0 END) AS holdout_purchases,
    SUM(CASE WHEN d > 10042 THEN amount ELSE 0 END) AS holdout_amount,
    SUM(n) AS rows_routed,
    SUM(n * d) AS rows_after_end
  FROM days
  GROUP BY customer_id
),
totals AS (
  SELECT per.*,
    COALESCE(SUM(CASE WHEN customer_id IS NULL THEN rows_after_end ELSE 0 END) OVER (), 0) AS transactions_after_end,
    SUM(CASE WHEN customer_id IS NOT NULL AND purchases = 0 AND holdout_purchases > 0 THEN 1 ELSE 0 END) OVER () AS excluded_after_calibration,
    COALESCE(SUM(CASE WHEN customer_id IS NULL THEN rows_routed - rows_after_end ELSE 0 END) OVER (), 0) AS invalid_rows
  FROM per
)
SELECT
  customer_id AS `customer_id`,
  CAST(purchases - 1 AS FLOAT64) AS `frequency`,
  CAST(last_day - first_day AS FLOAT64) / CAST(7 AS FLOAT64) AS `recency`,
  CAST(10042 - first_day AS FLOAT64) / CAST(7 AS FLOAT64) AS `T`,
  CASE WHEN purchases > 1 THEN (total_amount - first_amount) / CAST(purchases - 1 AS FLOAT64) ELSE CAST(0 AS FLOAT64) END AS `monetary_value`,
  CAST(first_day AS INT64) AS `first_day`,
  CAST(last_day AS INT64) AS `last_day`,
  CAST(transaction_count AS INT64) AS `transaction_count`,
  total_amount AS `total_amount`,
  CAST(10042 - last_day AS INT64) AS `days_since_last_purchase`,
  CAST(holdout_purchases AS FLOAT64) AS `holdout_frequency`,
  CASE WHEN holdout_purchases > 0 THEN holdout_amount / CAST(holdout_purchases AS FLOAT64) ELSE CAST(0 AS FLOAT64) END AS `holdout_monetary_value`,
  CAST(excluded_after_calibration AS INT64) AS `excluded_after_calibration`,
  CAST(transactions_after_end AS INT64) AS `transactions_after_end`,
  CAST(invalid_rows AS INT64) AS `invalid_rows`
FROM totals
WHERE customer_id IS NOT NULL AND purchases > 0