"""lecture replay summary

Revision ID: f6c8d0e2a4b1
Revises: e5b7c9d1f3a2
Create Date: 2026-12-02 23:00:00.000000+00:00

The reports' lecture replay summary (lecturehall/modules/reports/models/replay_lecture.py): each lecture's replay
views, time watched, watchers and their completion per country pair; filled from the replay views and watches
already there (what lecture_summary.rebuild does).
"""
from alembic import op
import sqlalchemy as sa


revision = 'f6c8d0e2a4b1'
down_revision = 'e5b7c9d1f3a2'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('report_replay_lectures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lecture_id', sa.Integer(), nullable=False),
    sa.Column('declared_country', sa.String(length=2), nullable=True),
    sa.Column('network_country', sa.String(length=2), nullable=True),
    sa.Column('view_rows', sa.Integer(), nullable=False),
    sa.Column('views', sa.Integer(), nullable=False),
    sa.Column('milliseconds', sa.BigInteger(), nullable=False),
    sa.Column('watchers', sa.Integer(), nullable=False),
    sa.Column('completion', sa.Double(), nullable=False),
    sa.ForeignKeyConstraint(['lecture_id'], ['lectures.id'],
                            name=op.f('fk_report_replay_lectures_lecture_id_lectures'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_replay_lectures'))
    )
    with op.batch_alter_table('report_replay_lectures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_replay_lectures_lecture_id'), ['lecture_id'], unique=False)
    op.execute("""
        INSERT INTO report_replay_lectures (lecture_id, declared_country, network_country, view_rows, views,
                                            milliseconds, watchers, completion)
        SELECT lecture_id, declared, network, sum(view_rows), sum(views), sum(milliseconds), sum(watchers),
               sum(completion)
        FROM (SELECT v.lecture_id, v.declared_country AS declared, v.network_country AS network,
                     count(*) AS view_rows, count(CASE WHEN v.counted THEN 1 END) AS views,
                     sum(CAST(round(v.seconds_watched * 1000) AS BIGINT)) AS milliseconds, 0 AS watchers,
                     CAST(0 AS FLOAT) AS completion
              FROM replay_views v GROUP BY v.lecture_id, v.declared_country, v.network_country
              UNION ALL
              SELECT w.lecture_id, w.declared_country, w.network_country, 0, 0, CAST(0 AS BIGINT), count(*),
                     sum(w.completion)
              FROM replay_watches w GROUP BY w.lecture_id, w.declared_country, w.network_country) replay
        GROUP BY lecture_id, declared, network""")


def downgrade() -> None:
    with op.batch_alter_table('report_replay_lectures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_replay_lectures_lecture_id'))
    op.drop_table('report_replay_lectures')
