"""replay summary

Revision ID: e5b7c9d1f3a2
Revises: d8a1f3c6e2b4
Create Date: 2026-12-02 01:00:00.000000+00:00

The reports' replay summary (lecturehall/modules/reports/models/replay_day.py): replay views and time watched per
day, programme and country pair, for lectures that count; filled from the replay views already there (what
replay_summary.rebuild does). Replay views get an index on the day, by which compaction rewrites a programme's day
(without it, a scan of every view for each batch of beats).
"""
from alembic import op
import sqlalchemy as sa


revision = 'e5b7c9d1f3a2'
down_revision = 'd8a1f3c6e2b4'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('report_replay_days',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('declared_country', sa.String(length=2), nullable=True),
    sa.Column('network_country', sa.String(length=2), nullable=True),
    sa.Column('views', sa.Integer(), nullable=False),
    sa.Column('milliseconds', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_replay_days'))
    )
    with op.batch_alter_table('report_replay_days', schema=None) as batch_op:
        batch_op.create_index('ix_report_replay_days_day_programme', ['day', 'programme_id'], unique=False)
    with op.batch_alter_table('replay_views', schema=None) as batch_op:
        batch_op.create_index('ix_replay_views_day', ['day'], unique=False)
    op.execute("""
        INSERT INTO report_replay_days (day, programme_id, declared_country, network_country, views, milliseconds)
        SELECT v.day, l.programme_id, v.declared_country, v.network_country,
               count(CASE WHEN v.counted THEN 1 END), sum(CAST(round(v.seconds_watched * 1000) AS BIGINT))
        FROM replay_views v JOIN lectures l ON l.id = v.lecture_id
        WHERE l.status NOT IN ('draft', 'cancelled')
        GROUP BY v.day, l.programme_id, v.declared_country, v.network_country""")


def downgrade() -> None:
    with op.batch_alter_table('replay_views', schema=None) as batch_op:
        batch_op.drop_index('ix_replay_views_day')
    with op.batch_alter_table('report_replay_days', schema=None) as batch_op:
        batch_op.drop_index('ix_report_replay_days_day_programme')
    op.drop_table('report_replay_days')
