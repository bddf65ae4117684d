"""session generation

Revision ID: 3437c658922a
Revises: 31b512f79fbf
Create Date: 2026-11-30 17:22:00.000000+00:00

Every user gets a session generation (users.session_nonce), part of the id each session and remember cookie carries.
Existing rows get a random one each, so sessions signed in before this migration (which carry the bare id) end:
everyone logs in once more.
"""
import secrets

from alembic import op
import sqlalchemy as sa


revision = '3437c658922a'
down_revision = '31b512f79fbf'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_nonce', sa.String(length=32), nullable=True))

    # One value per row, made here rather than by a database function, so both databases get the same kind.
    users = sa.table('users', sa.column('id', sa.Integer), sa.column('session_nonce', sa.String))
    connection = op.get_bind()
    for (user_id,) in connection.execute(sa.select(users.c.id)).all():
        connection.execute(users.update().where(users.c.id == user_id)
                           .values(session_nonce=secrets.token_urlsafe(16)))

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('session_nonce', existing_type=sa.String(length=32), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_nonce')
