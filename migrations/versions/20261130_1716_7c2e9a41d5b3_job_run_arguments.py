"""job run arguments

A job run keeps its task's arguments, so that the jobs page can say what the run did.

Revision ID: 7c2e9a41d5b3
Revises: 5f880d86e557
Create Date: 2026-11-30 17:16:31.108284+00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '7c2e9a41d5b3'
down_revision = '5f880d86e557'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('job_runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('arguments', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('job_runs', schema=None) as batch_op:
        batch_op.drop_column('arguments')
