"""Reference data (NAF rév. 2, headcount bands, departments and regions, legal categories),
loaded once per process and shared."""
