"""The figures a user may set, each declared once with its default: the library's
functions, the report and the command line take them from here, so a default cannot
differ between them."""

# Publishing: no figure about fewer clients than this (the usual CBS threshold).
MIN_CELL = 10
# A client counts in group statistics from this many contacts in the period.
MIN_CONTACTS = 2
# At risk: this many professionals or more, or a UPC below RISK_UPC from RISK_MIN_CONTACTS contacts.
RISK_PROFESSIONALS = 4
RISK_UPC = 0.5
RISK_MIN_CONTACTS = 4
# Signals look this many weeks ahead for workers who leave.
SIGNAL_WEEKS = 8
# A synthetic municipality (synth, demo) unless told otherwise.
SYNTH_CLIENTS = 20_000
SYNTH_YEARS = 3.0
SEED = 1
# Where measures run.
ENGINE = "duckdb"
SPARK_MASTER = "local[*]"
