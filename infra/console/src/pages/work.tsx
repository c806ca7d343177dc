// A reviewer's work list: every open review of their departments, earliest due first, with
// the time left.
import { useEffect, useState } from 'preact/hooks';
import { ok, type Schemas } from '../api.ts';
import { useApp } from '../app.ts';
import { reviewerDepartments } from '../auth.ts';
import { t, when } from '../i18n.ts';
import { Badge, Heading, Loading, Problem, SignInFirst } from '../ui.tsx';

/** Time left until `dueBy`, in the largest unit that says it (a wall-clock figure; the case page shows working days). */
export function timeLeft(dueBy: string, now = Date.now()): string {
  const ms = Date.parse(dueBy) - now;
  if (ms <= 0) return t('overdue');
  const zh = document.documentElement.lang === 'zh-CN';
  const hours = ms / 3_600_000;
  if (hours >= 48) return zh ? `剩 ${Math.floor(hours / 24)} 天` : `${Math.floor(hours / 24)} days left`;
  if (hours >= 1) return zh ? `剩 ${Math.floor(hours)} 小时` : `${Math.floor(hours)} h left`;
  return zh ? `剩 ${Math.max(1, Math.floor(ms / 60_000))} 分钟` : `${Math.max(1, Math.floor(ms / 60_000))} min left`;
}

export function WorkListPage() {
  const { api, session } = useApp();
  const [tasks, setTasks] = useState<Schemas['ReviewTask'][]>();
  const [error, setError] = useState<unknown>();
  const departments = session ? reviewerDepartments(session) : [];
  useEffect(() => {
    const load = () =>
      Promise.all(
        departments.flatMap((department) =>
          (['PENDING', 'CORRECTION_REQUESTED'] as const).map((status) =>
            ok(api.GET('/reviews', { params: { query: { department, status, limit: 100 } } })).then(({ data }) => data.items),
          ),
        ),
      ).then((lists) => setTasks(lists.flat().sort((a, b) => a.dueBy.localeCompare(b.dueBy))), setError);
    void load();
    const timer = setInterval(load, 10_000);
    return () => clearInterval(timer);
  }, [api, departments.join()]);
  if (!session) return <SignInFirst />;
  return (
    <section>
      <Heading>{t('workList')}</Heading>
      <Problem error={error} />
      {!tasks && !error && <Loading />}
      {tasks && tasks.length === 0 && <p>{t('noCases')}</p>}
      {tasks && tasks.length > 0 && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('department')}</th>
                <th scope="col">{t('applicantName')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('dueBy')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('open')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tasks.map((task) => (
                <tr key={`${task.caseId}/${task.department}`} data-case={task.caseId}>
                  <td>{task.department}</td>
                  <td>
                    {task.applicantName}
                    {task.applicantIdMasked && <span class="hint"> {task.applicantIdMasked}</span>}
                  </td>
                  <td>
                    <Badge kind="review" value={task.status} />
                  </td>
                  <td>
                    {when(task.dueBy)} <span class="hint">({timeLeft(task.dueBy)})</span>
                  </td>
                  <td>
                    <a href={`#/work/${encodeURIComponent(task.caseId)}/${encodeURIComponent(task.department)}`}>
                      {t('open')}
                      <span class="visually-hidden"> {task.caseId}</span>
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
