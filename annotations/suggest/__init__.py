"""The suggestion engine: proposed spans and relations, from pluggable sources, kept apart from annotations."""
