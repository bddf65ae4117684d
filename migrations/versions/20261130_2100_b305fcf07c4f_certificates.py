"""certificates

Revision ID: b305fcf07c4f
Revises: b7e4c2a9d615
Create Date: 2026-11-30 21:00:00.000000+00:00

Certificates of attendance: issued certificates (one per participant and lecture, one per participant and
programme: partial unique indexes), each programme's certificate policy, and bulk issues with their progress.
Follows the presence migration, main's head when this branch started.
"""
from alembic import op
import sqlalchemy as sa
import lecturehall.core.db


revision = 'b305fcf07c4f'
down_revision = 'b7e4c2a9d615'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('certificate_batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('rule', sa.Enum('all', 'at_least', name='certificate_batch_rule', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('min_lectures', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('queued', 'running', 'succeeded', 'failed', name='certificate_batch_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('issued', sa.Integer(), nullable=False),
    sa.Column('mailed', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('created_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('started_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('heartbeat_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('finished_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint('done <= total OR total = 0', name=op.f('ck_certificate_batches_done_within_total')),
    sa.CheckConstraint('min_lectures IS NULL OR min_lectures > 0', name=op.f('ck_certificate_batches_min_lectures_positive')),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_certificate_batches_programme_id_programmes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_certificate_batches_requested_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_batches'))
    )
    with op.batch_alter_table('certificate_batches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_batches_programme_id'), ['programme_id'], unique=False)

    op.create_table('certificate_policies',
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('allow_replay', sa.Boolean(), nullable=False),
    sa.Column('replay_min_percent', sa.Integer(), nullable=False),
    sa.Column('programme_rule', sa.Enum('all', 'at_least', name='certificate_programme_rule', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('min_lectures', sa.Integer(), nullable=True),
    sa.Column('updated_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('min_lectures IS NULL OR min_lectures > 0', name=op.f('ck_certificate_policies_min_lectures_positive')),
    sa.CheckConstraint('replay_min_percent > 0 AND replay_min_percent <= 100', name=op.f('ck_certificate_policies_replay_percent_range')),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_certificate_policies_programme_id_programmes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('programme_id', name=op.f('pk_certificate_policies'))
    )
    op.create_table('certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('lecture_id', sa.Integer(), nullable=True),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('issued_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('by_replay', sa.Boolean(), nullable=False),
    sa.Column('lectures_attended', sa.Integer(), nullable=True),
    sa.Column('lectures_total', sa.Integer(), nullable=True),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.Column('mail_claimed_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('mailed_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['certificate_batches.id'], name=op.f('fk_certificates_batch_id_certificate_batches'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['lecture_id'], ['lectures.id'], name=op.f('fk_certificates_lecture_id_lectures'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_certificates_programme_id_programmes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_certificates_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificates')),
    sa.UniqueConstraint('code', name=op.f('uq_certificates_code'))
    )
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificates_lecture_id'), ['lecture_id'], unique=False)
        batch_op.create_index('ix_certificates_programme_issued', ['programme_id', 'issued_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificates_user_id'), ['user_id'], unique=False)
        batch_op.create_index('uq_certificates_user_lecture', ['user_id', 'lecture_id'], unique=True, sqlite_where=sa.text('lecture_id IS NOT NULL'), postgresql_where=sa.text('lecture_id IS NOT NULL'))
        batch_op.create_index('uq_certificates_user_programme_wide', ['user_id', 'programme_id'], unique=True, sqlite_where=sa.text('lecture_id IS NULL'), postgresql_where=sa.text('lecture_id IS NULL'))



def downgrade() -> None:
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_index('uq_certificates_user_programme_wide', sqlite_where=sa.text('lecture_id IS NULL'), postgresql_where=sa.text('lecture_id IS NULL'))
        batch_op.drop_index('uq_certificates_user_lecture', sqlite_where=sa.text('lecture_id IS NOT NULL'), postgresql_where=sa.text('lecture_id IS NOT NULL'))
        batch_op.drop_index(batch_op.f('ix_certificates_user_id'))
        batch_op.drop_index('ix_certificates_programme_issued')
        batch_op.drop_index(batch_op.f('ix_certificates_lecture_id'))

    op.drop_table('certificates')
    op.drop_table('certificate_policies')
    with op.batch_alter_table('certificate_batches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_batches_programme_id'))

    op.drop_table('certificate_batches')
