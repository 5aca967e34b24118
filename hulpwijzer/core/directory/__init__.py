"""The partner directory: schema (checks), store (loading and reloading), lookup (ranking)."""
