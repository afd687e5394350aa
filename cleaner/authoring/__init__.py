"""Tools for writing and checking rules: proposing a site's rules from its pages (``suggest``,
``shapes``), inducing them during a run (``learn``, ``repeats``), checking them (``lint``,
``fixtures``) and showing what they did (``explain``)."""
