"""Synthetic data and scenarios: a municipality whose output has the shape of real data."""

from vertrouwd.simulate.levers import Levers
from vertrouwd.simulate.synth import Municipality, synthesize, write_municipality

__all__ = ["Levers", "Municipality", "synthesize", "write_municipality"]
