"""`envdoctor bench`: tensor smoke tests, speed against the datasheet peak, training smoke.

Pure logic (stats, peaks, judge, result) imports nothing heavy; the modules that
run work receive the torch module from the caller, and `models` (which imports
torch) is only imported from inside functions.
"""
