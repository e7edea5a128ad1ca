"""Pure statistics for Rampway: numpy/scipy/pandas/statsmodels/sklearn only, never Django."""
