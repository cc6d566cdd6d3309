// The regulator's charts as plain SVG: compensation by town and by bank over time, interest
// subsidy by town over time, fund use, and each bank's NPL ratio against the breaker.
import { LoadedPage, Muted } from '../components';
import { useConsole, useLoad } from '../context';
import { allPages } from '../lib/api';
import {
  type Bar,
  barWidth,
  compensationByMonth,
  nplRatios,
  subsidyByTownAndMonth,
} from '../lib/chart-data';
import { formatBp, formatYuan } from '../lib/money';
import type {
  ClaimSummary,
  FundReport,
  Loan,
  PolicyPage,
  SubsidyGrant,
  SubsidyRound,
} from './types';

const WIDTH = 420;
const LABEL = 190;
const ROW = 26;

export function ChartsPage() {
  const { session, t } = useConsole();
  const loaded = useLoad(async () => {
    const [claims, loans, funds, policies, grants, rounds] = await Promise.all([
      allPages<ClaimSummary>(session.api, '/claims?limit=200'),
      allPages<Loan>(session.api, '/loans?limit=200', 20_000),
      allPages<FundReport>(session.api, '/reports/funds?limit=500'),
      session.api.get<PolicyPage>('/policies?limit=500'),
      allPages<SubsidyGrant>(session.api, '/subsidy/grants?limit=500'),
      allPages<SubsidyRound>(session.api, '/subsidy/rounds?limit=200'),
    ]);
    const inForce =
      policies.items.find((p) => p.policyVersionId === policies.inForceVersionId) ??
      policies.items[policies.items.length - 1];
    return {
      claims,
      loans,
      funds,
      subsidy: subsidyByTownAndMonth(grants, rounds),
      breakerBp: inForce?.nplBreakerBp ?? 0,
    };
  }, []);
  return (
    <LoadedPage title={t('nav_charts')} loaded={loaded}>
      {({ claims, loans, funds, subsidy, breakerBp }) => {
        const npl = nplRatios(loans, breakerBp);
        return (
          <div className="charts">
            <Chart
              title={t('chart_town')}
              testId="chart-town"
              bars={compensationByMonth(claims, 'townCode')}
            />
            <Chart
              title={t('chart_bank')}
              testId="chart-bank"
              bars={compensationByMonth(claims, 'bankId')}
            />
            <Chart title={t('chart_subsidy_town')} testId="chart-subsidy-town" bars={subsidy} />
            <FundUse funds={funds} />
            <figure data-testid="chart-npl">
              <figcaption>
                {t('chart_npl')} ({t('breaker')} {formatBp(breakerBp)})
              </figcaption>
              <NplChart
                rows={npl.map((n) => ({ label: n.bankId, bp: n.ratioBp, over: n.overBreaker }))}
                breakerBp={breakerBp}
              />
              <p className="muted small">{t('nplNote')}</p>
            </figure>
          </div>
        );
      }}
    </LoadedPage>
  );
}

/** One labelled horizontal bar (at least 1 wide) on row `row`, its value after its end. */
function BarRow({
  row,
  label,
  length,
  value,
  className = 'bar',
}: {
  row: number;
  label: string;
  length: number;
  value: string;
  className?: string;
}) {
  return (
    <g transform={`translate(0, ${row * ROW})`}>
      <text x={0} y={17}>
        {label}
      </text>
      <rect x={LABEL} y={4} height={ROW - 8} width={Math.max(1, length)} className={className} />
      <text x={LABEL + length + 6} y={17}>
        {value}
      </text>
    </g>
  );
}

function Chart({ title, bars, testId }: { title: string; bars: Bar[]; testId: string }) {
  const { t } = useConsole();
  const max = bars.reduce((m, b) => (BigInt(b.fen) > m ? BigInt(b.fen) : m), 0n).toString();
  return (
    <figure data-testid={testId}>
      <figcaption>{title}</figcaption>
      {bars.length === 0 ? (
        <Muted>{t('none')}</Muted>
      ) : (
        <svg
          width={LABEL + WIDTH + 130}
          height={bars.length * ROW + 4}
          role="img"
          aria-label={title}
        >
          {bars.map((b, i) => (
            <BarRow
              key={b.label}
              row={i}
              label={b.label}
              length={barWidth(b.fen, max, WIDTH)}
              value={formatYuan(b.fen)}
            />
          ))}
        </svg>
      )}
    </figure>
  );
}

/** Each fund's deposits split into paid out, held and still available. */
function FundUse({ funds }: { funds: readonly FundReport[] }) {
  const { t } = useConsole();
  const max = funds
    .reduce((m, f) => (BigInt(f.depositedFen) > m ? BigInt(f.depositedFen) : m), 0n)
    .toString();
  const parts = (f: FundReport) =>
    [
      ['paid', f.paidOutFen, t('paidOut')],
      ['held', f.heldFen, t('held')],
      ['available', f.availableFen, t('available')],
    ] as const;
  return (
    <figure data-testid="chart-funds">
      <figcaption>
        {t('chart_funds')}: <span className="key paid">{t('paidOut')}</span>{' '}
        <span className="key held">{t('held')}</span>{' '}
        <span className="key available">{t('available')}</span>
      </figcaption>
      <svg
        width={LABEL + WIDTH + 130}
        height={funds.length * ROW + 4}
        role="img"
        aria-label={t('chart_funds')}
      >
        {funds.map((f, i) => {
          let x = LABEL;
          return (
            <g key={f.fundId} transform={`translate(0, ${i * ROW})`}>
              <text x={0} y={17}>
                {f.fundId}
              </text>
              {parts(f).map(([kind, fen, label]) => {
                const w = barWidth(fen, max, WIDTH);
                const rect = (
                  <rect key={kind} x={x} y={4} width={w} height={ROW - 8} className={`bar ${kind}`}>
                    <title>{`${label} ${formatYuan(fen)}`}</title>
                  </rect>
                );
                x += w;
                return rect;
              })}
              <text x={LABEL + barWidth(f.depositedFen, max, WIDTH) + 6} y={17}>
                {formatYuan(f.depositedFen)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

function NplChart({
  rows,
  breakerBp,
}: {
  rows: ReadonlyArray<{ label: string; bp: number; over: boolean }>;
  breakerBp: number;
}) {
  // The scale shows at least twice the breaker, so the line sits inside the chart.
  const maxBp = Math.max(breakerBp * 2, ...rows.map((r) => r.bp), 1);
  const x = (bp: number) => LABEL + (bp / maxBp) * WIDTH;
  return (
    <svg width={LABEL + WIDTH + 100} height={rows.length * ROW + 24} role="img">
      {rows.map((r, i) => (
        <BarRow
          key={r.label}
          row={i}
          label={r.label}
          length={x(r.bp) - LABEL}
          value={formatBp(r.bp)}
          className={r.over ? 'bar over' : 'bar'}
        />
      ))}
      <line
        x1={x(breakerBp)}
        x2={x(breakerBp)}
        y1={0}
        y2={rows.length * ROW + 4}
        className="breaker"
      />
      <text x={x(breakerBp) + 4} y={rows.length * ROW + 18} className="breaker-label">
        {formatBp(breakerBp)}
      </text>
    </svg>
  );
}
