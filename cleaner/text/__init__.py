"""Text: decoding and normalising a page (``normalize``), and what reads as prose (``prose``)."""
