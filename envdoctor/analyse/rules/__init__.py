"""`check`'s rules, one module per area of the report (driver, gpu, torch, build, python,
system). Each rule reads a `Context` and returns findings made with `finding()`."""
