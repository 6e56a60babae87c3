"""Data protection as plain functions: what is kept, for how long, and a person's own copy."""
