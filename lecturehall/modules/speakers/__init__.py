"""Speakers and topic tags: the shared lists organisers pick from when they schedule lectures, with speaker photos
checked, stripped of metadata and stored in the media folder."""
