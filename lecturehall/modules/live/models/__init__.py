from lecturehall.modules.live.models.stream import OPEN_STATES, InterpreterKey, LiveSession, LiveSessionState, \
    LiveStream

__all__ = ["OPEN_STATES", "InterpreterKey", "LiveSession", "LiveSessionState", "LiveStream"]
