"""presence heartbeats and figures

Revision ID: 1563a7405c75
Revises: 3437c658922a
Create Date: 2026-11-30 17:05:12.481594+00:00
"""
from alembic import op
import sqlalchemy as sa
import lecturehall.core.db


revision = '1563a7405c75'
down_revision = '3437c658922a'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('presence_beats',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('session_id', sa.String(length=32), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('lecture_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('browser_id', sa.String(length=32), nullable=True),
    sa.Column('live', sa.Boolean(), nullable=False),
    sa.Column('at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('received_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('event', sa.String(length=8), nullable=False),
    sa.Column('seconds', sa.Double(), nullable=False),
    sa.Column('pos_from', sa.Double(), nullable=True),
    sa.Column('pos_to', sa.Double(), nullable=True),
    sa.Column('speed', sa.Double(), nullable=True),
    sa.Column('quality', sa.String(length=16), nullable=True),
    sa.Column('audio_only', sa.Boolean(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=True),
    sa.Column('device', sa.String(length=8), nullable=False),
    sa.Column('network_country', sa.String(length=2), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_presence_beats')),
    sa.UniqueConstraint('session_id', 'seq', name='uq_presence_beats_session_seq')
    )
    op.create_table('presence_cursors',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('position', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_presence_cursors'))
    )
    op.create_table('attendance_rules',
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('min_minutes', sa.Integer(), nullable=True),
    sa.Column('min_percent', sa.Integer(), nullable=True),
    sa.Column('updated_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('min_minutes IS NULL OR min_minutes > 0', name=op.f('ck_attendance_rules_minutes_positive')),
    sa.CheckConstraint('min_percent IS NULL OR (min_percent > 0 AND min_percent <= 100)', name=op.f('ck_attendance_rules_percent_range')),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_attendance_rules_programme_id_programmes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('programme_id', name=op.f('pk_attendance_rules'))
    )
    op.create_table('lecture_live_intervals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lecture_id', sa.Integer(), nullable=False),
    sa.Column('started_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['lecture_id'], ['lectures.id'], name=op.f('fk_lecture_live_intervals_lecture_id_lectures'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lecture_live_intervals'))
    )
    with op.batch_alter_table('lecture_live_intervals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lecture_live_intervals_lecture_id'), ['lecture_id'], unique=False)

    op.create_table('live_concurrency',
    sa.Column('lecture_id', sa.Integer(), nullable=False),
    sa.Column('minute', lecturehall.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('viewers', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['lecture_id'], ['lectures.id'], name=op.f('fk_live_concurrency_lecture_id_lectures'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('lecture_id', 'minute', name=op.f('pk_live_concurrency'))
    )
    op.create_table('replay_views',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lecture_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('browser_id', sa.String(length=32), nullable=True),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('ranges', sa.JSON(), nullable=False),
    sa.Column('seconds_watched', sa.Double(), nullable=False),
    sa.Column('counted', sa.Boolean(), nullable=False),
    sa.Column('declared_country', sa.String(length=2), nullable=True),
    sa.Column('network_country', sa.String(length=2), nullable=True),
    sa.CheckConstraint('user_id IS NOT NULL OR browser_id IS NOT NULL', name=op.f('ck_replay_views_has_viewer')),
    sa.ForeignKeyConstraint(['lecture_id'], ['lectures.id'], name=op.f('fk_replay_views_lecture_id_lectures'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_replay_views_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_replay_views')),
    sa.UniqueConstraint('lecture_id', 'browser_id', 'day', name='uq_replay_views_lecture_browser_day'),
    sa.UniqueConstraint('lecture_id', 'user_id', 'day', name='uq_replay_views_lecture_user_day')
    )
    with op.batch_alter_table('replay_views', schema=None) as batch_op:
        batch_op.create_index('ix_replay_views_lecture_day', ['lecture_id', 'day'], unique=False)
        batch_op.create_index(batch_op.f('ix_replay_views_user_id'), ['user_id'], unique=False)

    op.create_table('replay_watches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lecture_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('browser_id', sa.String(length=32), nullable=True),
    sa.Column('ranges', sa.JSON(), nullable=False),
    sa.Column('seconds_watched', sa.Double(), nullable=False),
    sa.Column('furthest', sa.Double(), nullable=False),
    sa.Column('duration', sa.Double(), nullable=False),
    sa.Column('completion', sa.Double(), nullable=False),
    sa.Column('position', sa.Double(), nullable=False),
    sa.Column('position_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('speed', sa.Double(), nullable=False),
    sa.Column('first_watched_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_watched_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('device', sa.String(length=8), nullable=True),
    sa.Column('declared_country', sa.String(length=2), nullable=True),
    sa.Column('network_country', sa.String(length=2), nullable=True),
    sa.CheckConstraint('user_id IS NOT NULL OR browser_id IS NOT NULL', name=op.f('ck_replay_watches_has_viewer')),
    sa.ForeignKeyConstraint(['lecture_id'], ['lectures.id'], name=op.f('fk_replay_watches_lecture_id_lectures'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_replay_watches_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_replay_watches')),
    sa.UniqueConstraint('lecture_id', 'browser_id', name='uq_replay_watches_lecture_browser'),
    sa.UniqueConstraint('lecture_id', 'user_id', name='uq_replay_watches_lecture_user')
    )
    with op.batch_alter_table('replay_watches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_replay_watches_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('attendances', schema=None) as batch_op:
        batch_op.add_column(sa.Column('browser_id', sa.String(length=32), nullable=True))
        # Server defaults only fill the rows there are (the demo's); the app always gives these values.
        batch_op.add_column(sa.Column('intervals', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('device', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('devices', sa.String(length=64), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('audio_only_used', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('interpretation_language', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('attended', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('declared_country', sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column('network_country', sa.String(length=2), nullable=True))
        batch_op.alter_column('user_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.drop_index(batch_op.f('ix_attendances_lecture_id'))
        batch_op.create_index('ix_attendances_lecture_last_seen', ['lecture_id', 'last_seen_at'], unique=False)
        batch_op.create_unique_constraint('uq_attendances_lecture_browser', ['lecture_id', 'browser_id'])
        batch_op.create_check_constraint(op.f('ck_attendances_has_viewer'), 'user_id IS NOT NULL OR browser_id IS NOT NULL')
    _backfill_intervals()


def _backfill_intervals() -> None:
    """Attendance written before heartbeats (the demo's) becomes one present interval from first to last seen."""
    attendances = sa.table('attendances', sa.column('id', sa.Integer), sa.column('intervals', sa.JSON),
                           sa.column('first_seen_at', lecturehall.core.db.UTCDateTime()),
                           sa.column('last_seen_at', lecturehall.core.db.UTCDateTime()))
    connection = op.get_bind()
    rows = connection.execute(sa.select(attendances.c.id, attendances.c.first_seen_at, attendances.c.last_seen_at)).all()
    for row in rows:
        connection.execute(attendances.update().where(attendances.c.id == row.id).values(
            intervals=[[row.first_seen_at.timestamp(), row.last_seen_at.timestamp()]]))


def downgrade() -> None:
    # Anonymous attendance has no place in the old table.
    op.execute("DELETE FROM attendances WHERE user_id IS NULL")
    with op.batch_alter_table('attendances', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_attendances_has_viewer'), type_='check')
        batch_op.drop_constraint('uq_attendances_lecture_browser', type_='unique')
        batch_op.drop_index('ix_attendances_lecture_last_seen')
        batch_op.create_index(batch_op.f('ix_attendances_lecture_id'), ['lecture_id'], unique=False)
        batch_op.alter_column('user_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('network_country')
        batch_op.drop_column('declared_country')
        batch_op.drop_column('attended')
        batch_op.drop_column('interpretation_language')
        batch_op.drop_column('audio_only_used')
        batch_op.drop_column('devices')
        batch_op.drop_column('device')
        batch_op.drop_column('intervals')
        batch_op.drop_column('browser_id')

    with op.batch_alter_table('replay_watches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_replay_watches_user_id'))

    op.drop_table('replay_watches')
    with op.batch_alter_table('replay_views', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_replay_views_user_id'))
        batch_op.drop_index('ix_replay_views_lecture_day')

    op.drop_table('replay_views')
    op.drop_table('live_concurrency')
    with op.batch_alter_table('lecture_live_intervals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lecture_live_intervals_lecture_id'))

    op.drop_table('lecture_live_intervals')
    op.drop_table('attendance_rules')
    op.drop_table('presence_cursors')
    op.drop_table('presence_beats')
