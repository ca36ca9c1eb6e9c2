"""Python peer of the model fits and the CLV: lifetimes' BetaGeoFitter, ModifiedBetaGeoFitter and
GammaGammaFitter on n customers, ParetoNBDFitter on the first m, and customer_lifetime_value (12 months,
1% a month, freq='W'), on the same float64 columns as the clvkit side (bench/peers/data.ts). Each step
prints PEER_RESULT {name, seconds, params, ...}.

    python bench/peers/fits.py <customers.f64> <n> <m>
"""
import json
import sys
import time

import numpy as np
import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter, ModifiedBetaGeoFitter, ParetoNBDFitter

path, n, m = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
X = np.fromfile(path, dtype="<f8").reshape(-1, 4)[:n]
frequency, recency, T, monetary = (pd.Series(X[:, i]) for i in range(4))


def report(name, seconds, **check):
    print("PEER_RESULT " + json.dumps({"name": name, "seconds": seconds, **check}), flush=True)


def timed(f):
    start = time.perf_counter()
    value = f()
    return value, time.perf_counter() - start


def params(fitter):
    return {k: float(v) for k, v in fitter.params_.items()}


bgf, s = timed(lambda: BetaGeoFitter().fit(frequency, recency, T))
report("BG/NBD fit", s, params=params(bgf))
mbgf, s = timed(lambda: ModifiedBetaGeoFitter().fit(frequency, recency, T))
report("MBG/NBD fit", s, params=params(mbgf))
pnbd, s = timed(lambda: ParetoNBDFitter().fit(frequency[:m], recency[:m], T[:m]))
report("Pareto/NBD fit", s, params=params(pnbd))
repeat = frequency > 0
ggf, s = timed(lambda: GammaGammaFitter().fit(frequency[repeat], monetary[repeat]))
report("Gamma-Gamma fit", s, params=params(ggf), customers=int(repeat.sum()))
clv, s = timed(lambda: ggf.customer_lifetime_value(bgf, frequency, recency, T, monetary, time=12, discount_rate=0.01, freq="W"))
report("12-month CLV", s, meanClv=float(clv.mean()))
