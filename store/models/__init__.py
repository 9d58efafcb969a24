"""What the store speaks, whatever keeps it: the records (people, cases and what hangs off them,
documents), their rules, and the errors a caller can be told."""
