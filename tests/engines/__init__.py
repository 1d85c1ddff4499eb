"""Real third-party SPARQL engines that the tests start themselves (Virtuoso)."""
