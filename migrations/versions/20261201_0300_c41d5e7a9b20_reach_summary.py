"""reach summary

Revision ID: c41d5e7a9b20
Revises: b305fcf07c4f
Create Date: 2026-12-01 03:00:00.000000+00:00

The reports' reach summary (lecturehall/modules/reports/models/reach.py): a row per person, day, programme and
country pair reached, with the person's previous day in each of the reports' eight partitions; filled from the
presence figures already there (what reach_summary.rebuild does). Anonymous viewers' attendance and replay views
get an index on the browser id, by which the summary rewrites one viewer's rows.
"""
from alembic import op
import sqlalchemy as sa


revision = 'c41d5e7a9b20'
down_revision = 'b305fcf07c4f'
branch_labels = None
depends_on = None

PREVIOUS = ["prev", "prev_n", "prev_d", "prev_dn", "prev_p", "prev_pn", "prev_pd", "prev_pdn"]


def _partition(name: str) -> str:
    suffix = name[5:] if name != "prev" else ""
    return ", ".join(["user_id", "browser_id"] + [column for letter, column in (
        ("p", "programme_id"), ("d", "declared_country"), ("n", "network_country")) if letter in suffix])


def upgrade() -> None:
    op.create_table('report_reach_days',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('browser_id', sa.String(length=32), nullable=True),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('declared_country', sa.String(length=2), nullable=True),
    sa.Column('network_country', sa.String(length=2), nullable=True),
    *[sa.Column(name, sa.Date(), nullable=True) for name in PREVIOUS],
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_reach_days'))
    )
    with op.batch_alter_table('report_reach_days', schema=None) as batch_op:
        batch_op.create_index('ix_report_reach_days_day', ['day'], unique=False)
        batch_op.create_index('ix_report_reach_days_user', ['user_id'], unique=False)
        batch_op.create_index('ix_report_reach_days_browser', ['browser_id'], unique=False)
    with op.batch_alter_table('attendances', schema=None) as batch_op:
        batch_op.create_index('ix_attendances_browser', ['browser_id'], unique=False)
    with op.batch_alter_table('replay_views', schema=None) as batch_op:
        batch_op.create_index('ix_replay_views_browser', ['browser_id'], unique=False)

    day = ("(l.starts_at AT TIME ZONE 'UTC')::date" if op.get_bind().dialect.name == "postgresql"
           else "date(l.starts_at)")
    counted = "l.status NOT IN ('draft', 'cancelled')"
    previous = ", ".join(f"lag(day) OVER (PARTITION BY {_partition(name)} ORDER BY day) AS {name}"
                         for name in PREVIOUS)
    op.execute(f"""
        INSERT INTO report_reach_days (user_id, browser_id, day, programme_id, declared_country, network_country,
                                       {", ".join(PREVIOUS)})
        SELECT user_id, browser_id, day, programme_id, declared_country, network_country, {previous}
        FROM (SELECT a.user_id, CASE WHEN a.user_id IS NULL THEN a.browser_id END AS browser_id, {day} AS day,
                     l.programme_id, a.declared_country, a.network_country
              FROM attendances a JOIN lectures l ON l.id = a.lecture_id WHERE {counted}
              UNION
              SELECT v.user_id, CASE WHEN v.user_id IS NULL THEN v.browser_id END, v.day, l.programme_id,
                     v.declared_country, v.network_country
              FROM replay_views v JOIN lectures l ON l.id = v.lecture_id
              WHERE {counted} AND v.counted = TRUE) activity""")


def downgrade() -> None:
    with op.batch_alter_table('replay_views', schema=None) as batch_op:
        batch_op.drop_index('ix_replay_views_browser')
    with op.batch_alter_table('attendances', schema=None) as batch_op:
        batch_op.drop_index('ix_attendances_browser')
    with op.batch_alter_table('report_reach_days', schema=None) as batch_op:
        batch_op.drop_index('ix_report_reach_days_browser')
        batch_op.drop_index('ix_report_reach_days_user')
        batch_op.drop_index('ix_report_reach_days_day')
    op.drop_table('report_reach_days')
