"""Python peer of k-means: scikit-learn KMeans(k=6, n_init=1, k-means++, Lloyd, tol=1e-4) on the same
n × 4 float64 rows as the clvkit side, with all cores (OpenMP; 2 here): the first fit in a fresh process, then again (warm); then one thread.
Prints PEER_RESULT {name, seconds, inertia, iterations, threads}.

    python bench/peers/kmeans.py <kmeans.f64> <n> <seed> [<centres.f64>]

The seed is scikit-learn's random_state (its own k-means++ start, as clvkit draws its own from its seed).

With centres (clvkit's k-means++ start, k × 4 float64), also runs KMeans(init=centres) on all cores:
the same start, so iteration counts and time per iteration compare like with like.
"""
import json
import os
import sys
import time

import numpy as np
from sklearn.cluster import KMeans
from threadpoolctl import threadpool_limits

path, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
X = np.fromfile(path, dtype="<f8").reshape(-1, 4)[:n]
# Nothing runs before the first timed fit (it pays what a batch job's first call pays); then the same fit again
# (warm: a notebook's or a service's later calls), then one thread.
for name, threads in ((f"k-means threads {os.cpu_count()} first", os.cpu_count()), (f"k-means threads {os.cpu_count()}", os.cpu_count()), ("k-means threads 1", 1)):
    with threadpool_limits(limits=threads):
        start = time.perf_counter()
        km = KMeans(n_clusters=6, n_init=1, init="k-means++", algorithm="lloyd", tol=1e-4, random_state=seed).fit(X)
        seconds = time.perf_counter() - start
    print("PEER_RESULT " + json.dumps({"name": name, "seconds": seconds, "inertia": float(km.inertia_), "iterations": int(km.n_iter_), "threads": threads}), flush=True)
if len(sys.argv) > 4:
    centres = np.fromfile(sys.argv[4], dtype="<f8").reshape(6, 4)
    start = time.perf_counter()
    km = KMeans(n_clusters=6, n_init=1, init=centres, algorithm="lloyd", tol=1e-4).fit(X)
    seconds = time.perf_counter() - start
    print("PEER_RESULT " + json.dumps({"name": "k-means same start", "seconds": seconds, "inertia": float(km.inertia_), "iterations": int(km.n_iter_), "threads": os.cpu_count()}), flush=True)
