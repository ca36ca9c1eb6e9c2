"""Diagnostic (not part of the bench): scikit-learn's k-means phases on the same 1M × 4 rows, per seed:
kmeans_plusplus alone, then KMeans(init=those centres) (Lloyd + final assignment), and the whole
KMeans(init='k-means++') fit, on all cores and on one thread.

    python bench/peers/kmeans-phases.py <kmeans.f64> <seeds>
"""
import os
import sys
import time

import numpy as np
from sklearn.cluster import KMeans, kmeans_plusplus
from threadpoolctl import threadpool_limits

path, seeds = sys.argv[1], int(sys.argv[2])
X = np.fromfile(path, dtype="<f8").reshape(-1, 4)
print("load", os.getloadavg())
for threads in (os.cpu_count(), 1):
    acc = {"init": 0.0, "lloyd": 0.0, "it": 0, "fit": 0.0, "cpu": 0.0}
    with threadpool_limits(limits=threads):
        for seed in range(seeds):
            t = time.perf_counter()
            centres, _ = kmeans_plusplus(X, 6, random_state=seed)
            acc["init"] += time.perf_counter() - t
            t = time.perf_counter()
            km = KMeans(n_clusters=6, n_init=1, init=centres, algorithm="lloyd", tol=1e-4).fit(X)
            acc["lloyd"] += time.perf_counter() - t
            acc["it"] += km.n_iter_
            t = time.perf_counter()
            c = time.process_time()
            KMeans(n_clusters=6, n_init=1, init="k-means++", algorithm="lloyd", tol=1e-4, random_state=seed).fit(X)
            acc["fit"] += time.perf_counter() - t
            acc["cpu"] += time.process_time() - c
    print(f"threads {threads}, mean of {seeds}: kmeans_plusplus {1000*acc['init']/seeds:.1f} ms, KMeans(init=centres) {1000*acc['lloyd']/seeds:.1f} ms "
          f"({acc['it']/seeds:.1f} it, {1000*acc['lloyd']/acc['it']:.1f} ms/it), full fit {1000*acc['fit']/seeds:.1f} ms wall, {1000*acc['cpu']/seeds:.1f} ms CPU (all threads)")
print("load", os.getloadavg())
