"""Users, their membership (role and territory) and the permission predicates."""
