"""Feature engineering shared by training (in theory)."""
import pandas as pd


def add_features(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    df["charges_per_month_of_tenure"] = df["monthly_charges"] / (df["tenure_months"] + 1)
    return df
