"""The live game's fan-out to its sockets (filled in by the hall work)."""
