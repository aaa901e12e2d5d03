"""scikit-learn side of the benchmark: fit DecisionTreeClassifier on the same CSVs, report JSON.

Usage: python sklearn_bench.py TRAIN.csv TEST.csv MAX_DEPTH MIN_SAMPLES_LEAF
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.tree import DecisionTreeClassifier


def load(path):
    with open(path, encoding="utf-8") as f:
        header = f.readline().strip().split(",")
        rows = [line.strip().split(",") for line in f if line.strip()]
    label = header.index("label")
    x = np.array([[float(v) for i, v in enumerate(r) if i != label] for r in rows])
    y = np.array([r[label] for r in rows])
    return x, y


def main():
    train, test, max_depth, min_leaf = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    x, y = load(train)
    tx, ty = load(test)
    clf = DecisionTreeClassifier(criterion="gini", max_depth=max_depth, min_samples_leaf=min_leaf, random_state=0)
    start = time.perf_counter()
    clf.fit(x, y)
    fit_ms = (time.perf_counter() - start) * 1000
    accuracy = float((clf.predict(tx) == ty).mean())
    print(json.dumps({"fitMs": fit_ms, "accuracy": accuracy, "nodes": int(clf.tree_.node_count), "version": sklearn.__version__}))


if __name__ == "__main__":
    main()
