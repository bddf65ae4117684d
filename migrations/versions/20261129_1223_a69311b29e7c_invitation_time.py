"""invitation time

Revision ID: a69311b29e7c
Revises: 0de91c277050
Create Date: 2026-11-29 12:23:33.755030+00:00
"""
from alembic import op
import sqlalchemy as sa
import lecturehall.core.db


revision = 'a69311b29e7c'
down_revision = '0de91c277050'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('invited_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('invited_at')

