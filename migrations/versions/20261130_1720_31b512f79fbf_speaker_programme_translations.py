"""speaker and programme translations

Speakers' affiliation and biography, and programmes' name and description, get an original language (existing rows
are taken to be in English) and translations per language.

Revision ID: 31b512f79fbf
Revises: 7c2e9a41d5b3
Create Date: 2026-11-30 17:20:00.000000+00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '31b512f79fbf'
down_revision = '7c2e9a41d5b3'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('programme_translations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_programme_translations_programme_id_programmes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_translations')),
    sa.UniqueConstraint('programme_id', 'language', name='uq_programme_translations_programme_language')
    )
    op.create_table('speaker_translations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('speaker_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('affiliation', sa.String(length=300), nullable=False),
    sa.Column('bio', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['speaker_id'], ['speakers.id'], name=op.f('fk_speaker_translations_speaker_id_speakers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_speaker_translations')),
    sa.UniqueConstraint('speaker_id', 'language', name='uq_speaker_translations_speaker_language')
    )
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('original_language', sa.String(length=8), server_default='en', nullable=False))

    with op.batch_alter_table('speakers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('original_language', sa.String(length=8), server_default='en', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('speakers', schema=None) as batch_op:
        batch_op.drop_column('original_language')

    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.drop_column('original_language')

    op.drop_table('speaker_translations')
    op.drop_table('programme_translations')
