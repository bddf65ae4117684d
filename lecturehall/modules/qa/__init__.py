"""Live Q&A: participants of a lecture ask questions (in any language) and upvote them while it is live; moderators
(organisers of the lecture's programme, admins, and the people organisers name) approve, hide, pin, merge and mark
them answered, and may ban a participant from asking; approved questions and written answers stay with the lecture
for the replay and the report. Pages stay current by polling a public feed per lecture (the same for every viewer,
so nginx can micro-cache it) keyed on a per-lecture version counter, plus a small personal endpoint."""
