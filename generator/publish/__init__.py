"""The publish stage: sprint snapshots on the gh-pages branch, decided in `plan.py`, carried out
in `publish.py` and `deploy.py`; and `glasshouse diff`."""
