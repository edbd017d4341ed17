"""The domain: plain Python over what `store` returns. No typer, no rich, no printing."""
