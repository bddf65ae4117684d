"""recordings uploads replays

Revision ID: 5f880d86e557
Revises: a69311b29e7c
Create Date: 2026-11-29 12:30:36.434642+00:00
"""
from alembic import op
import sqlalchemy as sa
import lecturehall.core.db


revision = '5f880d86e557'
down_revision = 'a69311b29e7c'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('recordings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lecture_id', sa.Integer(), nullable=False),
    sa.Column('path', sa.String(length=400), nullable=False),
    sa.Column('original_filename', sa.String(length=255), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('info', sa.JSON(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['lecture_id'], ['lectures.id'], name=op.f('fk_recordings_lecture_id_lectures'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_recordings_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recordings'))
    )
    with op.batch_alter_table('recordings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recordings_lecture_id'), ['lecture_id'], unique=False)

    op.create_table('replay_positions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('lecture_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Double(), nullable=False),
    sa.Column('updated_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['lecture_id'], ['lectures.id'], name=op.f('fk_replay_positions_lecture_id_lectures'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_replay_positions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_replay_positions')),
    sa.UniqueConstraint('user_id', 'lecture_id', name='uq_replay_positions_user_lecture')
    )
    with op.batch_alter_table('replay_positions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_replay_positions_lecture_id'), ['lecture_id'], unique=False)

    op.create_table('replays',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lecture_id', sa.Integer(), nullable=False),
    sa.Column('directory', sa.String(length=400), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('quick', sa.Boolean(), nullable=False),
    sa.Column('duration', sa.Double(), nullable=False),
    sa.Column('has_video', sa.Boolean(), nullable=False),
    sa.Column('poster_path', sa.String(length=400), nullable=True),
    sa.Column('thumbnails_path', sa.String(length=400), nullable=True),
    sa.Column('download_path', sa.String(length=400), nullable=True),
    sa.Column('allow_download', sa.Boolean(), nullable=False),
    sa.Column('published_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['lecture_id'], ['lectures.id'], name=op.f('fk_replays_lecture_id_lectures'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_replays')),
    sa.UniqueConstraint('lecture_id', name=op.f('uq_replays_lecture_id'))
    )
    op.create_table('tracks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lecture_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('audio', 'subtitles', name='track_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('path', sa.String(length=400), nullable=False),
    sa.Column('created_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['lecture_id'], ['lectures.id'], name=op.f('fk_tracks_lecture_id_lectures'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tracks')),
    sa.UniqueConstraint('lecture_id', 'kind', 'language', name='uq_tracks_lecture_kind_language')
    )
    with op.batch_alter_table('tracks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tracks_lecture_id'), ['lecture_id'], unique=False)

    op.create_table('uploads',
    sa.Column('id', sa.String(length=43), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('lecture_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.Enum('recording', 'audio', 'subtitles', name='upload_purpose', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=True),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('received', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.Enum('receiving', 'complete', 'failed', name='upload_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('created_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('received >= 0 AND received <= size', name=op.f('ck_uploads_received_within_size')),
    sa.CheckConstraint('size > 0', name=op.f('ck_uploads_size_positive')),
    sa.ForeignKeyConstraint(['lecture_id'], ['lectures.id'], name=op.f('fk_uploads_lecture_id_lectures'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_uploads_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_uploads'))
    )
    with op.batch_alter_table('uploads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_uploads_lecture_id'), ['lecture_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_uploads_user_id'), ['user_id'], unique=False)

    op.create_table('transcode_jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lecture_id', sa.Integer(), nullable=False),
    sa.Column('recording_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('queued', 'running', 'succeeded', 'failed', 'cancelled', name='transcode_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('progress', sa.Double(), nullable=False),
    sa.Column('eta_seconds', sa.Integer(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('runner', sa.String(length=120), nullable=True),
    sa.Column('heartbeat_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('started_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('finished_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint('progress >= 0 AND progress <= 100', name=op.f('ck_transcode_jobs_progress_percent')),
    sa.ForeignKeyConstraint(['lecture_id'], ['lectures.id'], name=op.f('fk_transcode_jobs_lecture_id_lectures'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recording_id'], ['recordings.id'], name=op.f('fk_transcode_jobs_recording_id_recordings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transcode_jobs'))
    )
    with op.batch_alter_table('transcode_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_transcode_jobs_lecture_id'), ['lecture_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_transcode_jobs_status'), ['status'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('transcode_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_transcode_jobs_status'))
        batch_op.drop_index(batch_op.f('ix_transcode_jobs_lecture_id'))

    op.drop_table('transcode_jobs')
    with op.batch_alter_table('uploads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_uploads_user_id'))
        batch_op.drop_index(batch_op.f('ix_uploads_lecture_id'))

    op.drop_table('uploads')
    with op.batch_alter_table('tracks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tracks_lecture_id'))

    op.drop_table('tracks')
    op.drop_table('replays')
    with op.batch_alter_table('replay_positions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_replay_positions_lecture_id'))

    op.drop_table('replay_positions')
    with op.batch_alter_table('recordings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recordings_lecture_id'))

    op.drop_table('recordings')
