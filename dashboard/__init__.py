"""The dealsim Streamlit dashboard: a thin layer over ``sim``."""
