"""One module per scoring regime (DOMAIN.md §4); `evaluation.evaluate` picks one by `Regime`."""
