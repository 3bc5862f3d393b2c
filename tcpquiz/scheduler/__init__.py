"""Pure scheduling: SM-2 and the study-day clock arithmetic. No I/O, no wall clock."""
