"""What leaves the machine: tables made safe to publish (and, later, the report)."""
