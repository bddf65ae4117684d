"""report subscriptions

Revision ID: b7e4c2a9d615
Revises: bb88be1d3bf1
Create Date: 2026-11-30 21:00:00.000000+00:00

Admins' and coordinators' scheduled participation reports (weekly or monthly, by mail with an XLSX attached).
"""
from alembic import op
import sqlalchemy as sa

import lecturehall.core.db


revision = 'b7e4c2a9d615'
down_revision = 'bb88be1d3bf1'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('report_subscriptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('frequency', sa.Enum('weekly', 'monthly', name='report_frequency', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=True),
    sa.Column('last_period_end', sa.Date(), nullable=True),
    sa.Column('last_sent_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_report_subscriptions_programme_id_programmes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_report_subscriptions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_subscriptions')),
    sa.UniqueConstraint('user_id', name=op.f('uq_report_subscriptions_user_id'))
    )


def downgrade() -> None:
    op.drop_table('report_subscriptions')
