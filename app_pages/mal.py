"""Mål (being built)."""

import streamlit as st

st.title("Mål")
