from lecturehall.modules.media.models.recording import Recording, Track, TrackKind
from lecturehall.modules.media.models.replay import Replay, ReplayPosition
from lecturehall.modules.media.models.transcode import JobStatus, TranscodeJob
from lecturehall.modules.media.models.upload import Upload, UploadPurpose, UploadStatus

__all__ = ["JobStatus", "Recording", "Replay", "ReplayPosition", "Track", "TrackKind", "TranscodeJob", "Upload",
           "UploadPurpose", "UploadStatus"]
