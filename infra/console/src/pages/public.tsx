// The transparency page, open to anyone: each department's figures for a month, defaults
// (deemed approvals) marked, and a chart of the median working days to decide.
import { useEffect, useState } from 'preact/hooks';
import { ok, type Schemas } from '../api.ts';
import { useApp } from '../app.ts';
import { t } from '../i18n.ts';
import { Heading, Loading, Problem } from '../ui.tsx';

type Row = Schemas['DepartmentStatistics']['items'][number];

function Chart({ rows }: { rows: Row[] }) {
  const shown = rows.filter((r) => r.medianWorkingDaysToDecide !== undefined);
  if (!shown.length) return null;
  const max = Math.max(1, ...shown.map((r) => r.medianWorkingDaysToDecide ?? 0));
  const bar = 22;
  return (
    <figure>
      <svg role="img" aria-labelledby="chart-title" viewBox={`0 0 320 ${shown.length * (bar + 8)}`} width="100%">
        <title id="chart-title">{t('medianDays')}</title>
        {shown.map((r, i) => {
          const width = ((r.medianWorkingDaysToDecide ?? 0) / max) * 200;
          return (
            <g key={r.department} transform={`translate(0, ${i * (bar + 8)})`}>
              <text x="0" y={bar - 6} font-size="12">
                {r.department}
              </text>
              <rect x="100" y="0" width={width} height={bar} class={r.deemedApprovals > 0 ? 'bar defaulted' : 'bar'} />
              <text x={104 + width} y={bar - 6} font-size="12">
                {r.medianWorkingDaysToDecide}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>{t('medianDays')}</figcaption>
    </figure>
  );
}

export function PublicPage() {
  const { api } = useApp();
  // this month as the authority counts it (its statistics are kept by local month)
  const [period, setPeriod] = useState(() => new Date().toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 7));
  const [rows, setRows] = useState<Row[]>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    setRows(undefined);
    ok(api.GET('/stats/departments', { params: { query: { period } } })).then(({ data }) => {
      setRows(data.items);
      setError(undefined);
    }, setError);
  }, [api, period]);
  return (
    <section>
      <Heading>{t('stats')}</Heading>
      <div class="field inline">
        <label for="stats-month">{t('month')}</label>
        <input id="stats-month" type="month" value={period} onChange={(e) => setPeriod((e.target as HTMLInputElement).value)} />
      </div>
      <Problem error={error} />
      {!rows && !error && <Loading />}
      {rows && (
        <>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('department')}</th>
                  <th scope="col">{t('decidedCount')}</th>
                  <th scope="col">{t('reviewAPPROVED')}</th>
                  <th scope="col">{t('reviewREJECTED')}</th>
                  <th scope="col">{t('defaults')}</th>
                  <th scope="col">{t('commitments')}</th>
                  <th scope="col">{t('postChecksDone')}</th>
                  <th scope="col">{t('postChecksMissed')}</th>
                  <th scope="col">{t('meanRating')}</th>
                  <th scope="col">{t('medianDays')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.department} class={r.deemedApprovals > 0 ? 'defaulted' : undefined}>
                    <th scope="row">{r.department}</th>
                    <td>{r.decided}</td>
                    <td>{r.approved}</td>
                    <td>{r.rejected}</td>
                    <td>{r.deemedApprovals > 0 ? <strong>{r.deemedApprovals}</strong> : 0}</td>
                    <td>{r.commitments}</td>
                    <td>{r.postChecksDone}</td>
                    <td>{r.postChecksMissed > 0 ? <strong>{r.postChecksMissed}</strong> : 0}</td>
                    <td>{r.ratings.mean !== undefined ? `${r.ratings.mean} (${r.ratings.count})` : '—'}</td>
                    <td>{r.medianWorkingDaysToDecide ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Chart rows={rows} />
        </>
      )}
    </section>
  );
}
