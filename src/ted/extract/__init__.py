"""Document → facts: entities and relations as one document states them, with evidence."""
