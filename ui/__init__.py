"""The Streamlit pages of the chat app (``app.py`` is the entry point that wires them).

UI only: every page calls the ``Assistant`` facade and renders what it returns, with the pure
formatting of ``ui.formatting`` and the exports of ``ui.export``.
"""
