"""A corpus run: inputs cut into documents (``readers``), cleaned in order on N processes
(``pipeline``), written atomically (``sinks``), with progress on stderr (``progress``)."""
