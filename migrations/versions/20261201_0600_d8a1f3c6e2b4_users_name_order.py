"""users in name order

Revision ID: d8a1f3c6e2b4
Revises: c41d5e7a9b20
Create Date: 2026-12-01 06:00:00.000000+00:00

The participants report lists people by name, deleted accounts last: an index in that order lets its page walk
the first names and check each person's participation, instead of sorting everyone who took part.
"""
from alembic import op
import sqlalchemy as sa


revision = 'd8a1f3c6e2b4'
down_revision = 'c41d5e7a9b20'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_users_name_order', 'users',
                    [sa.text('(deleted_at IS NOT NULL)'), sa.text('lower(full_name)'), 'id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_users_name_order', table_name='users')
