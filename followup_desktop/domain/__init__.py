"""The rules of follow-up, in pure Python: no Qt, no database."""
