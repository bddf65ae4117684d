"""Media: recordings, transcoding to an adaptive HLS ladder, and replays."""
