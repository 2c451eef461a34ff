"""NATO Atlas: a classroom map of NATO history, built from checked, quoted facts."""
