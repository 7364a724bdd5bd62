"""Getting files in: read, map columns, validate, pseudonymise, load."""
