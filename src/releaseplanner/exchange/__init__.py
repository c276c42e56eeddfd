"""Files in and out: spreadsheets, CSV and calendars; never storage, never Qt."""
