"""Train the churn classifier and hand the model to the serving team."""
import pickle

import mlflow
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

from src.churn.features import add_features

DATA = "/home/maria/projects/churn/data/reference.csv"


def main() -> None:
    df = add_features(pd.read_csv(DATA))
    X = df[["tenure_months", "monthly_charges", "support_calls", "charges_per_month_of_tenure"]]
    y = df["churned"]
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)

    with mlflow.start_run(run_name="logreg-baseline"):
        model = LogisticRegression(C=0.5, max_iter=200)
        model.fit(X_train, y_train)
        mlflow.log_param("C", 0.5)
        mlflow.log_metric("accuracy", model.score(X_test, y_test))

    with open("models/churn.pkl", "wb") as f:
        pickle.dump(model, f)


if __name__ == "__main__":
    main()
