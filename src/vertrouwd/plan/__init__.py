"""Planning: who takes over when workers leave."""
