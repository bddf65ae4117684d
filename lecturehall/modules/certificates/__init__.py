"""Certificates of attendance: who may have one (a lecture attended by the programme's rule, or its replay watched
far enough where the programme allows it; a programme's lectures, all or at least N), the stored certificates with
their verification codes, the PDF in the reader's language, the public verification page, and organisers' bulk
issuing from the scheduler with progress and mail."""
