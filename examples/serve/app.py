"""Scoring service: loads the pickled model the training script wrote."""
import pickle

import pandas as pd


def charges_per_month_of_tenure(df: pd.DataFrame) -> pd.Series:
    # Re-implemented here instead of importing src.churn.features.
    return df["monthly_charges"] / (df["tenure_months"] + 1)


with open("/srv/models/churn.pkl", "rb") as f:
    MODEL = pickle.load(f)


def predict(rows: list[dict]) -> list[float]:
    df = pd.DataFrame(rows)
    df["charges_per_month_of_tenure"] = charges_per_month_of_tenure(df)
    return MODEL.predict_proba(df)[:, 1].tolist()
