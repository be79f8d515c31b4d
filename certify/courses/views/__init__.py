"""Pages for courses: the public catalogue, providers, candidates and program staff."""
