"""Progress updates: an owner's dated account of an initiative (``services``), how current the
initiative is (``staleness``) and the contradictions its page states as facts (``checks``)."""
