"""programmes lectures registrations scheduler

Revision ID: 0de91c277050
Revises: 43e9c4aa5086
Create Date: 2026-11-29 11:43:06.545773+00:00
"""
from alembic import op
import sqlalchemy as sa
import lecturehall.core.db


revision = '0de91c277050'
down_revision = '43e9c4aa5086'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('apscheduler_jobs',
    sa.Column('id', sa.Unicode(length=191), nullable=False),
    sa.Column('next_run_time', sa.Float(precision=25), nullable=True),
    sa.Column('job_state', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_apscheduler_jobs'))
    )
    with op.batch_alter_table('apscheduler_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_apscheduler_jobs_next_run_time'), ['next_run_time'], unique=False)

    op.create_table('job_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('job_id', sa.String(length=191), nullable=False),
    sa.Column('task', sa.String(length=100), nullable=False),
    sa.Column('started_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('succeeded', sa.Boolean(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('runner', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_runs'))
    )
    with op.batch_alter_table('job_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_runs_job_id'), ['job_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_runs_started_at'), ['started_at'], unique=False)

    op.create_table('programmes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('created_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programmes')),
    sa.UniqueConstraint('name', name=op.f('uq_programmes_name'))
    )
    op.create_table('speakers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('affiliation', sa.String(length=300), nullable=False),
    sa.Column('bio', sa.Text(), nullable=False),
    sa.Column('photo_path', sa.String(length=300), nullable=True),
    sa.Column('created_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_speakers'))
    )
    op.create_table('tags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('names', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tags')),
    sa.UniqueConstraint('slug', name=op.f('uq_tags_slug'))
    )
    op.create_table('lectures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('original_language', sa.String(length=8), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('lecture_language', sa.String(length=8), nullable=False),
    sa.Column('starts_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('visibility', sa.Enum('public', 'registered', 'countries', name='visibility', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('replay_visibility', sa.Enum('public', 'registered', name='replay_visibility', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('status', sa.Enum('draft', 'scheduled', 'live', 'ended', 'cancelled', name='lecture_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('uid', sa.String(length=64), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('created_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('capacity IS NULL OR capacity > 0', name=op.f('ck_lectures_capacity_positive')),
    sa.CheckConstraint('duration_minutes > 0 AND duration_minutes <= 1440', name=op.f('ck_lectures_duration_in_range')),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_lectures_programme_id_programmes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lectures')),
    sa.UniqueConstraint('uid', name=op.f('uq_lectures_uid'))
    )
    with op.batch_alter_table('lectures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lectures_programme_id'), ['programme_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lectures_starts_at'), ['starts_at'], unique=False)
        batch_op.create_index('ix_lectures_status_starts_at', ['status', 'starts_at'], unique=False)

    op.create_table('programme_countries',
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_programme_countries_programme_id_programmes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('programme_id', 'country', name=op.f('pk_programme_countries'))
    )
    op.create_table('programme_organisers',
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_programme_organisers_programme_id_programmes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_programme_organisers_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('programme_id', 'user_id', name=op.f('pk_programme_organisers'))
    )
    op.create_table('attendances',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lecture_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('first_seen_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('seconds_present', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['lecture_id'], ['lectures.id'], name=op.f('fk_attendances_lecture_id_lectures'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_attendances_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendances')),
    sa.UniqueConstraint('lecture_id', 'user_id', name='uq_attendances_lecture_user')
    )
    with op.batch_alter_table('attendances', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendances_lecture_id'), ['lecture_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attendances_user_id'), ['user_id'], unique=False)

    op.create_table('deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lecture_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('reminder_24h', 'reminder_15m', 'rescheduled', 'cancelled', name='mail_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('claimed_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['lecture_id'], ['lectures.id'], name=op.f('fk_deliveries_lecture_id_lectures'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_deliveries_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deliveries')),
    sa.UniqueConstraint('lecture_id', 'user_id', 'kind', 'key', name='uq_deliveries_once')
    )
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deliveries_lecture_id'), ['lecture_id'], unique=False)

    op.create_table('lecture_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lecture_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['lecture_id'], ['lectures.id'], name=op.f('fk_lecture_changes_lecture_id_lectures'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_lecture_changes_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lecture_changes'))
    )
    with op.batch_alter_table('lecture_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lecture_changes_lecture_id'), ['lecture_id'], unique=False)

    op.create_table('lecture_countries',
    sa.Column('lecture_id', sa.Integer(), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.ForeignKeyConstraint(['lecture_id'], ['lectures.id'], name=op.f('fk_lecture_countries_lecture_id_lectures'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('lecture_id', 'country', name=op.f('pk_lecture_countries'))
    )
    op.create_table('lecture_languages',
    sa.Column('lecture_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('interpretation', 'subtitles', name='language_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.ForeignKeyConstraint(['lecture_id'], ['lectures.id'], name=op.f('fk_lecture_languages_lecture_id_lectures'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('lecture_id', 'kind', 'language', name=op.f('pk_lecture_languages'))
    )
    op.create_table('lecture_speakers',
    sa.Column('lecture_id', sa.Integer(), nullable=False),
    sa.Column('speaker_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['lecture_id'], ['lectures.id'], name=op.f('fk_lecture_speakers_lecture_id_lectures'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['speaker_id'], ['speakers.id'], name=op.f('fk_lecture_speakers_speaker_id_speakers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('lecture_id', 'speaker_id', name=op.f('pk_lecture_speakers'))
    )
    op.create_table('lecture_tags',
    sa.Column('lecture_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['lecture_id'], ['lectures.id'], name=op.f('fk_lecture_tags_lecture_id_lectures'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], name=op.f('fk_lecture_tags_tag_id_tags'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('lecture_id', 'tag_id', name=op.f('pk_lecture_tags'))
    )
    op.create_table('lecture_translations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lecture_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['lecture_id'], ['lectures.id'], name=op.f('fk_lecture_translations_lecture_id_lectures'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lecture_translations')),
    sa.UniqueConstraint('lecture_id', 'language', name='uq_lecture_translations_lecture_language')
    )
    op.create_table('notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lecture_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('reminder_24h', 'reminder_15m', 'rescheduled', 'cancelled', name='notice_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('previous_starts_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('completed_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['lecture_id'], ['lectures.id'], name=op.f('fk_notices_lecture_id_lectures'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notices'))
    )
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notices_completed_at'), ['completed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notices_lecture_id'), ['lecture_id'], unique=False)

    op.create_table('registrations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lecture_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('registered', 'waitlisted', 'cancelled', name='registration_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('requested_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('registered_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['lecture_id'], ['lectures.id'], name=op.f('fk_registrations_lecture_id_lectures'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_registrations_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registrations')),
    sa.UniqueConstraint('lecture_id', 'user_id', name='uq_registrations_lecture_user')
    )
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.create_index('ix_registrations_lecture_status', ['lecture_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_registrations_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('calendar_token', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_users_calendar_token'), ['calendar_token'])



def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_users_calendar_token'), type_='unique')
        batch_op.drop_column('calendar_token')

    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registrations_user_id'))
        batch_op.drop_index('ix_registrations_lecture_status')

    op.drop_table('registrations')
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notices_lecture_id'))
        batch_op.drop_index(batch_op.f('ix_notices_completed_at'))

    op.drop_table('notices')
    op.drop_table('lecture_translations')
    op.drop_table('lecture_tags')
    op.drop_table('lecture_speakers')
    op.drop_table('lecture_languages')
    op.drop_table('lecture_countries')
    with op.batch_alter_table('lecture_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lecture_changes_lecture_id'))

    op.drop_table('lecture_changes')
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deliveries_lecture_id'))

    op.drop_table('deliveries')
    with op.batch_alter_table('attendances', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendances_user_id'))
        batch_op.drop_index(batch_op.f('ix_attendances_lecture_id'))

    op.drop_table('attendances')
    op.drop_table('programme_organisers')
    op.drop_table('programme_countries')
    with op.batch_alter_table('lectures', schema=None) as batch_op:
        batch_op.drop_index('ix_lectures_status_starts_at')
        batch_op.drop_index(batch_op.f('ix_lectures_starts_at'))
        batch_op.drop_index(batch_op.f('ix_lectures_programme_id'))

    op.drop_table('lectures')
    op.drop_table('tags')
    op.drop_table('speakers')
    op.drop_table('programmes')
    with op.batch_alter_table('job_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_runs_started_at'))
        batch_op.drop_index(batch_op.f('ix_job_runs_job_id'))

    op.drop_table('job_runs')
    with op.batch_alter_table('apscheduler_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_apscheduler_jobs_next_run_time'))

    op.drop_table('apscheduler_jobs')
