"""The user directory: admins list, search, filter and edit users; country coordinators list their country's participants."""
