"""Python peer of the CSV summary: pandas.read_csv + lifetimes.utils.summary_data_from_transaction_data
(same-day purchases merged, freq='D', observation end 1998-06-30), timed from reading the file to the
summary. Prints PEER_RESULT {name, seconds, customers, frequency, peakMB}.

    python bench/peers/summary.py <transactions.csv>
"""
import json
import resource
import sys
import time

import pandas as pd
from lifetimes.utils import summary_data_from_transaction_data

path = sys.argv[1]
start = time.perf_counter()
df = pd.read_csv(path, dtype={"customer_id": str, "date": str, "amount": float})
summary = summary_data_from_transaction_data(
    df, "customer_id", "date", monetary_value_col="amount", datetime_format="%Y%m%d", observation_period_end="19980630", freq="D"
)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print("PEER_RESULT " + json.dumps({"name": "summary", "seconds": seconds, "customers": int(len(summary)), "frequency": float(summary["frequency"].sum()), "peakMB": peak}))
