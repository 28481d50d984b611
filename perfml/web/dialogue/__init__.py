"""The dialogue de gestion: campaigns per ML, the targets set in them, the audit log."""
