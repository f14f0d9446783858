"""Pure business rules: no Django import, property-based tests in ``tests/rules``."""
