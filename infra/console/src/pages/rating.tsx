// Ratings on a case (好差评): the applicant rates the service and each department that
// answered, and may change a rating until the window ends; a department answers its rating
// on the record. What the case's readers see; the public sees aggregates only.
import { useState } from 'preact/hooks';
import { type CaseView, ok } from '../api.ts';
import { useApp } from '../app.ts';
import { t, when } from '../i18n.ts';
import { Problem } from '../ui.tsx';

type Ratings = NonNullable<CaseView['ratings']>;
type Given = { score: number; comment?: string };

function Score({ id, label, value, onChange }: { id: string; label: string; value: string; onChange: (v: string) => void }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value)}>
        <option value="">—</option>
        {[5, 4, 3, 2, 1].map((n) => (
          <option key={n} value={String(n)}>
            {t(`score${n}` as 'score1')}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The ratings of the case, and the applicant's form while the window is open. */
export function RatingsSection({ view, mine, onDone }: { view: CaseView; mine: boolean; onDone: (next: Ratings) => void }) {
  const { api } = useApp();
  const ratings = view.ratings;
  const [scores, setScores] = useState<Record<string, string>>({});
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<unknown>();
  if (!ratings) return null;
  const open = mine && ratings.rateBy !== undefined && Date.now() <= Date.parse(ratings.rateBy);
  const name = (code: string) => view.reviews.find((r) => r.department === code)?.departmentName ?? code;
  const shown = [
    ...(ratings.service ? [['service', view.serviceName, ratings.service] as const] : []),
    ...Object.entries(ratings.departments).map(([code, r]) => [code, name(code), r] as const),
  ];
  const send = async (e: Event) => {
    e.preventDefault();
    const given = (key: string): Given | undefined =>
      scores[key] ? { score: Number(scores[key]), ...(comment.trim() ? { comment: comment.trim() } : {}) } : undefined;
    const departments = Object.fromEntries(ratings.ratable.flatMap((code) => (given(code) ? [[code, given(code)!]] : [])));
    const body = {
      ...(given('service') ? { service: given('service') } : {}),
      ...(Object.keys(departments).length ? { departments } : {}),
    };
    setProblem(undefined);
    try {
      onDone((await ok(api.POST('/applications/{caseId}/rating', { params: { path: { caseId: view.caseId } }, body }))).data);
      setScores({});
      setComment('');
    } catch (err) {
      setProblem(err);
    }
  };
  return (
    <section class="ratings" aria-labelledby="ratings-h">
      <h2 id="ratings-h">{t('ratings')}</h2>
      {shown.length > 0 && (
        <ul>
          {shown.map(([code, label, r]) => (
            <li key={code} data-rated={code} data-score={r.score}>
              {label}: {r.score}/5{r.comment ? ` · ${r.comment}` : ''}
              {r.answer && (
                <p class="hint">
                  {t('ratingAnswer')}: {r.answer.text} ({when(r.answer.at)})
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      {open && (
        <form class="rating" onSubmit={send}>
          <p class="hint">{t('rateUntil', { at: when(ratings.rateBy) })}</p>
          <Problem error={problem} />
          <Score
            id="rate-service"
            label={view.serviceName}
            value={scores.service ?? ''}
            onChange={(v) => setScores({ ...scores, service: v })}
          />
          {ratings.ratable.map((code) => (
            <Score
              key={code}
              id={`rate-${code}`}
              label={name(code)}
              value={scores[code] ?? ''}
              onChange={(v) => setScores({ ...scores, [code]: v })}
            />
          ))}
          <div class="field">
            <label for="rate-comment">{t('comment')}</label>
            <textarea id="rate-comment" rows={2} value={comment} onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)} />
          </div>
          <button type="submit" class="primary" disabled={!Object.values(scores).some(Boolean)}>
            {t('rate')}
          </button>
        </form>
      )}
    </section>
  );
}

/** A department answers its rating on the record, once. */
export function AnswerRating({ view, department, onDone }: { view: CaseView; department: string; onDone: () => void }) {
  const { api } = useApp();
  const [answer, setAnswer] = useState('');
  const [problem, setProblem] = useState<unknown>();
  const rating = view.ratings?.departments[department];
  if (!rating || rating.answer) return null;
  return (
    <form
      class="answer-rating"
      onSubmit={async (e) => {
        e.preventDefault();
        setProblem(undefined);
        try {
          await ok(
            api.POST('/applications/{caseId}/ratings/{department}/answer', {
              params: { path: { caseId: view.caseId, department } },
              body: { answer },
            }),
          );
          onDone();
        } catch (err) {
          setProblem(err);
        }
      }}
    >
      <Problem error={problem} />
      <div class="field">
        <label for="rating-answer">
          {t('answerRating')} ({rating.score}/5{rating.comment ? ` · ${rating.comment}` : ''})
        </label>
        <textarea id="rating-answer" required rows={2} value={answer} onInput={(e) => setAnswer((e.target as HTMLTextAreaElement).value)} />
      </div>
      <button type="submit">{t('answerRating')}</button>
    </form>
  );
}
