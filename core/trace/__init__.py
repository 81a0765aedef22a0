"""Step-by-step records of the arithmetic the pages show, built on the nn modules."""
