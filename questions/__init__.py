"""What parents ask that the FAQ can't answer: the question box to the staff, and the gap log."""
