"""The funding simulation: change weights and envelope, see each ML's amount and the pool."""
