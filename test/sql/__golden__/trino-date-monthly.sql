-- clvkit summary: one row per customer (same-day purchases merged), time unit month, observation end 1997-09-30 (epoch day 10134)
WITH tx AS (
  SELECT
    CAST("customer_id" AS VARCHAR) AS customer_id,
    date_diff('day', DATE '1970-01-01', CAST("date" AS DATE)) AS d,
    TRY_CAST("amount" AS DOUBLE) AS amount
  FROM "sales"."tx"
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
    min_by(amount, d) AS first_amount,
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
  customer_id AS "customer_id",
  CAST(purchases - 1 AS DOUBLE) AS "frequency",
  CAST(last_day - first_day AS DOUBLE) / CAST(30.4375 AS DOUBLE) AS "recency",
  CAST(10134 - first_day AS DOUBLE) / CAST(30.4375 AS DOUBLE) AS "T",
  CASE WHEN purchases > 1 THEN (total_amount - first_amount) / CAST(purchases - 1 AS DOUBLE) ELSE CAST(0 AS DOUBLE) END AS "monetary_value",
  CAST(first_day AS BIGINT) AS "first_day",
  CAST(last_day AS BIGINT) AS "last_day",
  CAST(transaction_count AS BIGINT) AS "transaction_count",
  total_amount AS "total_amount",
  CAST(10134 - last_day AS BIGINT) AS "days_since_last_purchase",
  CAST(transactions_after_end AS BIGINT) AS "transactions_after_end",
  CAST(invalid_rows AS BIGINT) AS "invalid_rows"
FROM totals
WHERE customer_id IS NOT NULL