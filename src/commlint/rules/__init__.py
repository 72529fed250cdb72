"""Rules: the data models, loading, selection and the engine that runs them."""
