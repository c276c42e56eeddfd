"""Whole views shown in the main window's central area (journal, ...)."""
