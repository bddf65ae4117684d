"""users

Revision ID: 43e9c4aa5086
Revises: 
Create Date: 2026-11-29 11:30:01.842809+00:00
"""
from alembic import op
import sqlalchemy as sa
import lecturehall.core.db


revision = '43e9c4aa5086'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('full_name', sa.String(length=200), nullable=True),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=True),
    sa.Column('sector', sa.Enum('government', 'enterprise', 'academia', 'international_organisation', 'other', name='sector', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('role', sa.Enum('participant', 'coordinator', 'admin', name='role', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('coordinator_country', sa.String(length=2), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_by_admin', sa.Boolean(), nullable=False),
    sa.Column('email_confirmed_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_login_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', lecturehall.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("role <> 'coordinator' OR coordinator_country IS NOT NULL", name=op.f('ck_users_coordinator_has_country')),
    sa.CheckConstraint('deleted_at IS NOT NULL OR email IS NOT NULL', name=op.f('ck_users_live_user_has_email')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_country'), ['country'], unique=False)
        batch_op.create_index(batch_op.f('ix_users_role'), ['role'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_role'))
        batch_op.drop_index(batch_op.f('ix_users_country'))

    op.drop_table('users')
