"""What both front ends read from the state in the same way (layer 4: below the TUI and the
CLI, above the store and the core rules)."""
