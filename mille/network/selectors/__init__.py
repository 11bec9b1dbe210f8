"""Reads for the network's pages: `events`, `departements`, `newsletter`, `survey`."""
