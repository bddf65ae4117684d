"""Bulk imports by admins: participant lists from CSV or XLSX files, checked whole and stored all or nothing."""
