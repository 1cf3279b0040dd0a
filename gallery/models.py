"""Poster and poem entries, moderation, jury and public voting (issues to come)."""
