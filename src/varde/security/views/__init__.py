"""Pages of the security register: the units' registers of incidents, finds and drug tests
(``registers``), the person page's panel with keep-apart relations (``person``), and group
affiliation behind its own permission and read log (``affiliations``)."""
