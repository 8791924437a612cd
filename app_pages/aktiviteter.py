"""Aktiviteter (being built)."""

import streamlit as st

st.title("Aktiviteter")
