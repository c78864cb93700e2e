"""Generated, realistic demo data for the seed contracts."""
