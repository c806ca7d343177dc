// My applications (an admin sees every case), newest first, a page at a time.
import { useEffect, useState } from 'preact/hooks';
import { ok, type Schemas } from '../api.ts';
import { useApp } from '../app.ts';
import { t, when } from '../i18n.ts';
import { Badge, Heading, Loading, Problem, SignInFirst } from '../ui.tsx';

export function MyCasesPage() {
  const { api, session } = useApp();
  const [items, setItems] = useState<Schemas['CaseSummary'][]>();
  const [cursor, setCursor] = useState<string>();
  const [error, setError] = useState<unknown>();
  const load = (from?: string) =>
    ok(api.GET('/applications', { params: { query: { limit: 20, ...(from ? { cursor: from } : {}) } } })).then(({ data }) => {
      setItems((before) => [...(from ? (before ?? []) : []), ...data.items]);
      setCursor(data.nextCursor);
    }, setError);
  useEffect(() => {
    if (session) void load();
  }, [api, session?.sub]);
  if (!session) return <SignInFirst />;
  return (
    <section>
      <Heading>{t('navMyCases')}</Heading>
      <Problem error={error} />
      {!items && !error && <Loading />}
      {items && items.length === 0 && <p>{t('noCases')}</p>}
      {items && items.length > 0 && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('navCatalogue')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('submittedAt')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('open')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.caseId}>
                  <td>{c.serviceName}</td>
                  <td>
                    <Badge kind="status" value={c.status} />
                  </td>
                  <td>{when(c.submittedAt)}</td>
                  <td>
                    <a href={`#/cases/${encodeURIComponent(c.caseId)}`}>
                      {t('open')}
                      <span class="visually-hidden"> {c.caseId}</span>
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor && (
        <button type="button" onClick={() => load(cursor)}>
          ▼
        </button>
      )}
    </section>
  );
}
