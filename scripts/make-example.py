#!/usr/bin/python3
"""Writes the generated parts of the sample workspace in examples/: datasets, logger output in the real
tools' on-disk formats (MLflow file store, Lightning CSVLogger), a notebook and a tiny ONNX model.

Deterministic (fixed seed, fixed timestamps), so re-running it changes nothing. Needs Debian's
python3-numpy and python3-onnx: run with /usr/bin/python3 scripts/make-example.py
"""
import json
import os
import shutil

import numpy as np
import onnx
from onnx import TensorProto, helper

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples")
rng = np.random.default_rng(20261125)
T0 = 1_764_000_000_000  # fixed epoch ms for logger timestamps


def write(path, text):
    full = os.path.join(ROOT, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", newline="") as f:
        f.write(text)


def datasets():
    def make(n, charge_shift, calls_lambda):
        tenure = rng.integers(0, 72, n)
        charges = np.round(rng.normal(65 + charge_shift, 20, n).clip(18, 120), 2)
        calls = rng.poisson(calls_lambda, n)
        plan = rng.choice(["monthly", "annual", "two-year"], n, p=[0.55, 0.3, 0.15])
        logit = -1.2 - 0.04 * tenure + 0.02 * (charges - 65) + 0.45 * calls
        churned = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
        rows = ["customer_id,tenure_months,monthly_charges,support_calls,plan,churned"]
        for i in range(n):
            rows.append(f"C{i:05d},{tenure[i]},{charges[i]:.2f},{calls[i]},{plan[i]},{churned[i]}")
        return "\n".join(rows) + "\n"

    write("data/reference.csv", make(600, 0, 1.0))
    # The current month: prices went up and support calls doubled, the kind of shift drift checks catch.
    write("data/current.csv", make(400, 12, 2.0))


def mlflow_store():
    base = "mlruns"
    shutil.rmtree(os.path.join(ROOT, base), ignore_errors=True)
    write(f"{base}/0/meta.yaml", "artifact_location: mlruns/0\nexperiment_id: '0'\nlifecycle_stage: active\nname: Default\n")
    exp = "427901845937471093"
    write(f"{base}/{exp}/meta.yaml",
          f"artifact_location: mlruns/{exp}\ncreation_time: {T0}\nexperiment_id: '{exp}'\n"
          f"last_update_time: {T0}\nlifecycle_stage: active\nname: churn\n")
    runs = [("0f4b8a4c7d2e4b6f9a1c3e5d7f9b1a2c", "logreg-baseline", 0.5, 3, [0.61, 0.52, 0.47, 0.45, 0.44]),
            ("8e2d6c4a0b9f4e7d8c1a2b3c4d5e6f70", "logreg-strong-reg", 0.05, 4, [0.66, 0.58, 0.55, 0.54, 0.54])]
    for k, (run_id, name, c, status, losses) in enumerate(runs):
        start = T0 + k * 600_000
        d = f"{base}/{exp}/{run_id}"
        write(f"{d}/meta.yaml",
              f"artifact_uri: mlruns/{exp}/{run_id}/artifacts\nend_time: {start + 42_000}\nentry_point_name: ''\n"
              f"experiment_id: '{exp}'\nlifecycle_stage: active\nrun_id: {run_id}\nrun_name: {name}\n"
              f"run_uuid: {run_id}\nsource_name: ''\nsource_type: 4\nsource_version: ''\nstart_time: {start}\n"
              f"status: {status}\ntags: []\nuser_id: maria\n")
        write(f"{d}/params/C", str(c))
        write(f"{d}/params/max_iter", "200")
        write(f"{d}/params/solver", "lbfgs")
        write(f"{d}/metrics/val_loss", "".join(f"{start + 1000 * (s + 1)} {v} {s}\n" for s, v in enumerate(losses)))
        acc = 0.86 if k == 0 else 0.81
        write(f"{d}/metrics/accuracy", f"{start + 41_000} {acc} 4\n")
        write(f"{d}/tags/mlflow.runName", name)
        write(f"{d}/tags/mlflow.user", "maria")
        write(f"{d}/tags/mlflow.source.name", "train.py")
        write(f"{d}/tags/mlflow.source.type", "LOCAL")
        write(f"{d}/tags/mlflow.source.git.commit", "3c1d2f0a9b8e7d6c5b4a39281706f5e4d3c2b1a0")
        os.makedirs(os.path.join(ROOT, d, "artifacts"), exist_ok=True)
        write(f"{d}/artifacts/.gitkeep", "")


def lightning_logs():
    d = "lightning_logs/version_0"
    write(f"{d}/hparams.yaml", "hidden_dim: 64\nlr: 1.0e-3\nbatch_size: 128\ndropout: 0.1\n")
    # CSVLogger writes one row per log call: training rows carry train_loss, validation rows val_loss/val_acc.
    lines = ["epoch,step,train_loss,val_acc,val_loss"]
    step = 0
    for epoch in range(6):
        for _ in range(3):
            step += 10
            lines.append(f"{epoch},{step - 1},{0.7 * 0.85 ** (step / 10):.4f},,")
        lines.append(f"{epoch},{step - 1},,{0.70 + 0.03 * epoch:.4f},{0.62 - 0.035 * epoch:.4f}")
    write(f"{d}/metrics.csv", "\n".join(lines) + "\n")


def notebook():
    def code(count, src, outputs=()):
        return {"cell_type": "code", "execution_count": count, "metadata": {}, "outputs": list(outputs),
                "source": src.splitlines(keepends=True)}

    def stream(text):
        return {"name": "stdout", "output_type": "stream", "text": text.splitlines(keepends=True)}

    nb = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# Churn exploration\n"]},
            code(3, "import pandas as pd\nimport numpy as np\n"
                    "df = pd.read_csv('/Users/maria/Downloads/churn_export.csv')\ndf.describe()"),
            code(1, "%matplotlib inline\nfrom sklearn.ensemble import RandomForestClassifier\n"
                    "from sklearn.model_selection import train_test_split\n"
                    "X_train, X_test, y_train, y_test = train_test_split(df.drop(columns='churned'), df['churned'])\n"
                    "clf = RandomForestClassifier(n_estimators=200)\nclf.fit(X_train, y_train)\n"
                    "print(clf.score(X_test, y_test))",
                 [stream("0.8533\n")]),
            code(2, "import joblib\njoblib.dump(clf, 'rf.joblib')"),
        ],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                     "language_info": {"name": "python", "version": "3.11.7"}},
        "nbformat": 4, "nbformat_minor": 5,
    }
    write("notebooks/explore.ipynb", json.dumps(nb, indent=1) + "\n")


def onnx_model():
    # Logistic regression over the three numeric features, as skl2onnx would export it (probabilities + label).
    w = np.array([[0.04, -0.04], [-0.01, 0.01], [-0.45, 0.45]], dtype=np.float32)
    b = np.array([0.6, -0.6], dtype=np.float32)
    X = helper.make_tensor_value_info("float_input", TensorProto.FLOAT, ["batch", 3])
    probs = helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["batch", 2])
    label = helper.make_tensor_value_info("label", TensorProto.INT64, ["batch"])
    nodes = [
        helper.make_node("MatMul", ["float_input", "W"], ["z0"]),
        helper.make_node("Add", ["z0", "B"], ["z"]),
        helper.make_node("Softmax", ["z"], ["probabilities"], axis=1),
        helper.make_node("ArgMax", ["probabilities"], ["label"], axis=1, keepdims=0),
    ]
    graph = helper.make_graph(nodes, "churn_logreg", [X], [label, probs],
                              [helper.make_tensor("W", TensorProto.FLOAT, w.shape, w.flatten()),
                               helper.make_tensor("B", TensorProto.FLOAT, b.shape, b)])
    model = helper.make_model(graph, producer_name="mlops-lens-example", producer_version="1",
                              opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    helper.set_model_props(model, {"features": "tenure_months,monthly_charges,support_calls"})
    onnx.checker.check_model(model)
    os.makedirs(os.path.join(ROOT, "models"), exist_ok=True)
    onnx.save(model, os.path.join(ROOT, "models", "churn.onnx"))


if __name__ == "__main__":
    datasets()
    mlflow_store()
    lightning_logs()
    notebook()
    onnx_model()
