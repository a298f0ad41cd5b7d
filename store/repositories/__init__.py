"""Repository functions: keyword-only, explicit engine or session, no business rules."""
