"""live streams, keys and sessions

Revision ID: 4c638502d903
Revises: 1563a7405c75
Create Date: 2026-11-30 21:00:00.000000+00:00

Live lectures: each lecture's ingest (its secret stream key, whether it is recorded), interpreters' keys per
language, and live sessions (state and health written by the worker, the replay they became). Follows the presence
migration, the head when this was written (which itself follows 3437c658922a).
"""
from alembic import op
import sqlalchemy as sa
import lecturehall.core.db


revision = '4c638502d903'
down_revision = '1563a7405c75'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('live_interpreter_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lecture_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('created_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['lecture_id'], ['lectures.id'], name=op.f('fk_live_interpreter_keys_lecture_id_lectures'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_live_interpreter_keys')),
    sa.UniqueConstraint('key', name=op.f('uq_live_interpreter_keys_key')),
    sa.UniqueConstraint('lecture_id', 'language', name='uq_live_interpreter_keys_lecture_language')
    )
    with op.batch_alter_table('live_interpreter_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_live_interpreter_keys_lecture_id'), ['lecture_id'], unique=False)

    op.create_table('live_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lecture_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('live', 'interrupted', 'ending', 'ended', name='live_session_state', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('started_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('end_requested', sa.Boolean(), nullable=False),
    sa.Column('recorded', sa.Boolean(), nullable=False),
    sa.Column('health', sa.JSON(), nullable=False),
    sa.Column('publishers', sa.JSON(), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('seen_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('replay_directory', sa.String(length=400), nullable=True),
    sa.Column('replay_published_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('ladder_queued_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['lecture_id'], ['lectures.id'], name=op.f('fk_live_sessions_lecture_id_lectures'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_live_sessions'))
    )
    with op.batch_alter_table('live_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_live_sessions_lecture_id'), ['lecture_id'], unique=False)

    op.create_table('live_streams',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lecture_id', sa.Integer(), nullable=False),
    sa.Column('stream_key', sa.String(length=64), nullable=False),
    sa.Column('recording', sa.Boolean(), nullable=False),
    sa.Column('key_created_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['lecture_id'], ['lectures.id'], name=op.f('fk_live_streams_lecture_id_lectures'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_live_streams')),
    sa.UniqueConstraint('lecture_id', name=op.f('uq_live_streams_lecture_id')),
    sa.UniqueConstraint('stream_key', name=op.f('uq_live_streams_stream_key'))
    )


def downgrade() -> None:
    op.drop_table('live_streams')
    with op.batch_alter_table('live_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_live_sessions_lecture_id'))

    op.drop_table('live_sessions')
    with op.batch_alter_table('live_interpreter_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_live_interpreter_keys_lecture_id'))

    op.drop_table('live_interpreter_keys')
