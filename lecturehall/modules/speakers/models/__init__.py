from lecturehall.modules.speakers.models.speaker import Speaker, SpeakerTranslation
from lecturehall.modules.speakers.models.tag import Tag

__all__ = ["Speaker", "SpeakerTranslation", "Tag"]
