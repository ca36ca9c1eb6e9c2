-- clvkit summary: one row per customer (same-day purchases merged), time unit week, observation end 1997-09-30 (epoch day 10134)
WITH tx AS (
  SELECT
    CAST("customer_id" AS VARCHAR) AS customer_id,
    CAST(CASE WHEN length(CAST("date" AS VARCHAR)) = 8 THEN CAST(try_strptime(CAST("date" AS VARCHAR), '%Y%m%d') AS DATE) ELSE TRY_CAST(substr(CAST("date" AS VARCHAR), 1, 10) AS DATE) END - DATE '1970-01-01' AS INTEGER) AS d,
    TRY_CAST("amount" AS DOUBLE) AS amount
  FROM "sales"."tx"
),
days AS (
  SELECT customer_id, d, SUM(amount) AS amount, COUNT(amount) AS n, COUNT(*) - COUNT(amount) AS bad
  FROM tx
  GROUP BY customer_id, d
),
per AS (
  SELECT customer_id,
    MIN(d) FILTER (WHERE n > 0 AND d <= 10134) AS first_day,
    MAX(d) FILTER (WHERE n > 0 AND d <= 10134) AS last_day,
    COUNT(*) FILTER (WHERE n > 0 AND d <= 10134) AS purchases,
    COALESCE(SUM(n) FILTER (WHERE d <= 10134), 0) AS transaction_count,
    COALESCE(SUM(amount) FILTER (WHERE n > 0 AND d <= 10134), 0) AS total_amount,
    arg_min(amount, d) AS first_amount,
    0 AS holdout_purchases,
    CAST(0 AS DOUBLE) AS holdout_amount,
    COALESCE(SUM(n) FILTER (WHERE d > 10134), 0) AS after_end,
    SUM(CASE WHEN d IS NULL OR customer_id IS NULL THEN n + bad ELSE bad END) AS bad_rows
  FROM days
  GROUP BY customer_id
),
totals AS (
  SELECT
    SUM(after_end) AS transactions_after_end,
    SUM(CASE WHEN purchases = 0 AND holdout_purchases > 0 THEN 1 ELSE 0 END) AS excluded_after_calibration,
    SUM(bad_rows) AS invalid_rows
  FROM per
)
SELECT
  customer_id AS "customer_id",
  CAST(purchases - 1 AS DOUBLE) AS "frequency",
  CAST(last_day - first_day AS DOUBLE) / CAST(7 AS DOUBLE) AS "recency",
  CAST(10134 - first_day AS DOUBLE) / CAST(7 AS DOUBLE) AS "T",
  CASE WHEN purchases > 1 THEN (total_amount - first_amount) / CAST(purchases - 1 AS DOUBLE) ELSE CAST(0 AS DOUBLE) END AS "monetary_value",
  CAST(first_day AS BIGINT) AS "first_day",
  CAST(last_day AS BIGINT) AS "last_day",
  CAST(transaction_count AS BIGINT) AS "transaction_count",
  total_amount AS "total_amount",
  CAST(10134 - last_day AS BIGINT) AS "days_since_last_purchase",
  CAST(transactions_after_end AS BIGINT) AS "transactions_after_end",
  CAST(invalid_rows AS BIGINT) AS "invalid_rows"
FROM per CROSS JOIN totals
WHERE purchases > 0 AND customer_id IS NOT NULL
ORDER BY customer_id