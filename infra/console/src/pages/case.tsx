// A case as its applicant (or a reviewer, or an admin) sees it: the status, whose move it
// is, every department's answer with its working days left, the timeline and the receipt;
// the applicant answers a correction request or withdraws here. Refreshed while it is open.
import { useEffect, useState } from 'preact/hooks';
import { type CaseView, ok } from '../api.ts';
import { RatingsSection } from './rating.tsx';
import { useApp } from '../app.ts';
import { eventName } from '../events.ts';
import { t, when } from '../i18n.ts';
import { Badge, Heading, Loading, Problem } from '../ui.tsx';
import { CorrectionForm } from './correction.tsx';

const OPEN = new Set(['INCOMPLETE', 'IN_REVIEW']);

/** Whose move it is, in words. */
function whoseMove(c: CaseView): string {
  if (!OPEN.has(c.status)) return t('noMove');
  if (c.status === 'INCOMPLETE' || c.reviews.some((r) => r.progress?.waitingFor === 'applicant')) return t('waitingForYou');
  const waiting = c.reviews.filter((r) => r.status === 'PENDING').map((r) => r.departmentName);
  return t('waitingFor', { who: waiting.join('、') });
}

export function useCase(caseId: string) {
  const { api } = useApp();
  const [view, setView] = useState<CaseView>();
  const [error, setError] = useState<unknown>();
  const reload = () =>
    ok(api.GET('/applications/{caseId}', { params: { path: { caseId } } })).then(({ data }) => {
      setView(data);
      setError(undefined);
    }, setError);
  useEffect(() => {
    void reload();
  }, [api, caseId]);
  useEffect(() => {
    if (!view || !OPEN.has(view.status)) return;
    const timer = setInterval(() => void reload(), 5000);
    return () => clearInterval(timer);
  }, [view?.status, caseId]);
  return { view, setView, error, setError, reload };
}

type PostCheck = NonNullable<CaseView['reviews'][number]['postCheck']>;

/** Where an approval on commitment's check stands: made (with its reasons), missed, closed, or due. */
function PostCheckNote({ check, dueBy }: { check: PostCheck; dueBy: string }) {
  return (
    <p
      class={check.result === 'FAILED' || check.missedAt ? 'late' : 'hint'}
      data-post-check={check.result ?? (check.closedAt ? 'CLOSED' : 'OPEN')}
    >
      {check.result ? t(`postCheck${check.result}`) : check.closedAt ? t('postCheckClosed') : t('postCheckDue', { at: when(dueBy) })}
      {check.reasons?.length ? `: ${check.reasons.join('；')}` : ''}
      {check.missedAt && ` · ${t('postCheckMissed')}`}
    </p>
  );
}

export function Reviews({ view }: { view: CaseView }) {
  return (
    <div class="table-wrap">
      <table class="reviews">
        <caption>{t('reviews')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('department')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('dueBy')}</th>
            <th scope="col">{t('comment')}</th>
          </tr>
        </thead>
        <tbody>
          {view.reviews.map((r) => (
            <tr key={r.department} data-department={r.department} data-status={r.status}>
              <th scope="row">{r.departmentName}</th>
              <td>
                <Badge kind="review" value={r.status} />
                {r.status === 'DEEMED_APPROVED' && <p class="deemed">{t('deemedNote', { dept: r.departmentName })}</p>}
                {r.postCheck && <PostCheckNote check={r.postCheck} dueBy={r.dueBy} />}
              </td>
              <td>
                {when(r.dueBy)}
                {r.progress?.workingDaysLeft !== undefined && (
                  <p class={r.progress.workingDaysLeft <= 0 ? 'late' : 'hint'}>
                    {r.progress.workingDaysLeft <= 0 ? t('overdue') : t('daysLeft', { n: r.progress.workingDaysLeft })}
                  </p>
                )}
              </td>
              <td>
                {r.comment && <p>{r.comment}</p>}
                {r.conditions && r.conditions.length > 0 && (
                  <div class="conditions">
                    <strong>{t('conditions')}</strong>
                    <ul>
                      {r.conditions.map((c) => (
                        <li key={c}>{c}</li>
                      ))}
                    </ul>
                  </div>
                )}
                {r.requested?.map((q) => (
                  <p key={q.id}>
                    {q.id}: {q.reason}
                  </p>
                ))}
                {r.opinion && (
                  <p>
                    {t('fileOpinion')}: {r.opinion.comment}
                  </p>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Timeline({ view }: { view: CaseView }) {
  return (
    <section aria-labelledby="timeline-h">
      <h2 id="timeline-h">{t('timeline')}</h2>
      <ol class="timeline">
        {view.timeline.map((e) => (
          <li key={e.seq} data-type={e.type}>
            <time dateTime={e.at}>{when(e.at)}</time> <span>{eventName(e.type)}</span>
            {e.department && (
              <span class="hint"> · {view.reviews.find((r) => r.department === e.department)?.departmentName ?? e.department}</span>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function CasePage({ caseId }: { caseId: string }) {
  const { api, session } = useApp();
  const { view, setView, error, setError, reload } = useCase(caseId);
  if (!view) return error ? <Problem error={error} /> : <Loading />;
  const mine = session?.sub !== undefined && session.groups.includes('applicants');
  const withdraw = async () => {
    if (!confirm(t('withdrawConfirm'))) return;
    try {
      setView((await ok(api.POST('/applications/{caseId}/withdraw', { params: { path: { caseId } } }))).data);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <article class="case">
      <Heading>
        {view.serviceName} <small>{view.caseId}</small>
      </Heading>
      <Problem error={error} />
      <dl class="facts">
        <dt>{t('status')}</dt>
        <dd id="case-status" data-status={view.status}>
          <Badge kind="status" value={view.status} />
        </dd>
        <dt>{t('whoseMove')}</dt>
        <dd>{whoseMove(view)}</dd>
        <dt>{t('submittedAt')}</dt>
        <dd>{when(view.submittedAt)}</dd>
      </dl>
      {view.missing && view.missing.length > 0 && (
        <div class="problem" role="status">
          <p>{t('incompleteCase')}</p>
          <ul>
            {view.missing.map((m) => (
              <li key={m.path}>{m.message}</li>
            ))}
          </ul>
        </div>
      )}
      {mine && (view.status === 'INCOMPLETE' || view.reviews.some((r) => r.progress?.waitingFor === 'applicant')) && (
        <CorrectionForm view={view} onDone={(next) => (next ? setView(next) : void reload())} />
      )}
      <Reviews view={view} />
      <RatingsSection view={view} mine={mine} onDone={(ratings) => setView({ ...view, ratings })} />
      {view.permit && (
        <p class="permit-link">
          <a class="button primary" href={`#/permits/${encodeURIComponent(view.permit.number)}`}>
            {t('viewPermit')} {view.permit.number}
          </a>
        </p>
      )}
      {view.acceptedAt && (
        <section class="receipt" aria-labelledby="receipt-h">
          <h2 id="receipt-h">{t('receipt')}</h2>
          <p>
            {view.caseId} · {when(view.acceptedAt)}
          </p>
          <ul>
            {view.reviews.map((r) => (
              <li key={r.department}>
                {r.departmentName}: {t('dueBy')} {when(r.dueBy)}
              </li>
            ))}
          </ul>
          <p>
            <strong>{t('tacitApproval')}:</strong> {view.tacitApproval}
          </p>
          <p>
            <strong>{t('redress')}:</strong> {view.redress}
          </p>
          <button type="button" class="no-print" onClick={() => print()}>
            {t('print')}
          </button>
        </section>
      )}
      <Timeline view={view} />
      {mine && OPEN.has(view.status) && (
        <button type="button" class="danger no-print" onClick={withdraw}>
          {t('withdraw')}
        </button>
      )}
    </article>
  );
}
