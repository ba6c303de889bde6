"""Streamlit-side helpers: translations, formatting and cached calls into ``sim``."""
