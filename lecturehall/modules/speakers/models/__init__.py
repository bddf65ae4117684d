from lecturehall.modules.speakers.models.speaker import Speaker
from lecturehall.modules.speakers.models.tag import Tag

__all__ = ["Speaker", "Tag"]
