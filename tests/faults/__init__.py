"""The fault suite (issue 11): injected faults that must end in a fact, a clear line and a
documented exit code, never a traceback, a wrong "ok" or a lost byte.

Here: junk on the probe's streams (test_probe_channel), children that outlive envdoctor
(test_children), unreadable driver answers (test_driver_faults), `mirrors --restore`
error paths (test_restore_faults), config edge cases (test_config_faults), fake torch
packages through the CLI (test_cli_faults), fuzzing of snapshots and wheel names
(test_fuzz).

What already held when the audit ran is tested where the code lives, not repeated here:
- a torch that crashes, segfaults, hangs or is missing a library: tests/collect/test_torch_probe.py;
- no user byte lost on a kill during --apply / --restore, a crash between write and
  replace: tests/test_fsio.py (test_crash_between_write_and_replace_leaves_original,
  test_hard_crash_leaves_original), tests/mirrors/test_apply.py, test_review_cases.py;
- byte-exact restore, BOM/CRLF, read-only files, a full disk: tests/mirrors/test_cli.py,
  test_apply.py, test_corpus.py, tests/test_fsio.py;
- a corrupt compat_matrix.json: tests/matrix/test_load.py, tests/matrix/test_cli.py;
- hostile input to explain and wheel: tests/explain/, tests/wheelcheck/, and test_fuzz here.
"""
