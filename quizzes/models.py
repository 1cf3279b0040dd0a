"""Quiz rounds, question bank, attempts, ranking and live boards (issues to come)."""
