"""The desktop user interface (PySide6): the only package, with ``app.py``, that imports Qt."""
