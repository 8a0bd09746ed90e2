import pandas as pd

from src.churn.features import add_features


def test_charges_per_month_of_tenure_handles_new_customers():
    df = add_features(pd.DataFrame({"monthly_charges": [50.0], "tenure_months": [0]}))
    assert df["charges_per_month_of_tenure"].iloc[0] == 50.0
