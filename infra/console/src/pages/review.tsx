// A reviewer on one case: what was applied for, every department's answer, and their own
// decision (approve, approve with conditions, reject with reasons, request a correction),
// one extension, or an opinion after a default. A 409 says what won instead.
import { useState } from 'preact/hooks';
import { ApiProblem, ok } from '../api.ts';
import { useApp } from '../app.ts';
import { lines } from '../form.tsx';
import { t, when } from '../i18n.ts';
import { Heading, Loading, Problem } from '../ui.tsx';
import { Reviews, Timeline, useCase } from './case.tsx';
import { AnswerRating, RatingsSection } from './rating.tsx';

type Choice = 'APPROVE' | 'APPROVE_WITH_CONDITIONS' | 'REJECT' | 'REQUEST_CORRECTION';

export function ReviewPage({ caseId, department }: { caseId: string; department: string }) {
  const { api } = useApp();
  const { view, error, reload } = useCase(caseId);
  const [choice, setChoice] = useState<Choice>('APPROVE');
  const [comment, setComment] = useState('');
  const [list, setList] = useState('');
  const [days, setDays] = useState('5');
  const [checked, setChecked] = useState<'PASSED' | 'FAILED'>('PASSED');
  const [problem, setProblem] = useState<unknown>();
  const [lost, setLost] = useState<{ as: string; at: string }>();
  const [sent, setSent] = useState(false);
  if (!view) return error ? <Problem error={error} /> : <Loading />;
  const review = view.reviews.find((r) => r.department === department);
  const act = async (pending: Promise<unknown>) => {
    setProblem(undefined);
    try {
      await pending;
      setSent(true);
      await reload();
    } catch (err) {
      if (err instanceof ApiProblem && err.code === 'REVIEW_ALREADY_SETTLED')
        setLost({ as: String(err.body.settledAs ?? ''), at: when(String(err.body.settledAt ?? '')) });
      else setProblem(err);
      await reload();
    }
  };
  const path = { caseId, department };
  const decide = (e: Event) => {
    e.preventDefault();
    const body =
      choice === 'REQUEST_CORRECTION'
        ? {
            decision: choice,
            requested: lines(list).map((l) => ({
              id: l.split(/[:：]/)[0].trim(),
              reason: l.split(/[:：]/).slice(1).join(':').trim() || l,
            })),
            ...(comment ? { comment } : {}),
          }
        : choice === 'APPROVE_WITH_CONDITIONS'
          ? { decision: 'APPROVE' as const, conditions: lines(list), ...(comment ? { comment } : {}) }
          : { decision: choice, ...(comment ? { comment } : {}) };
    void act(ok(api.POST('/applications/{caseId}/reviews/{department}/decision', { params: { path }, body })));
  };
  const radio = (value: Choice, label: string) => (
    <label class="choice">
      <input type="radio" name="decision" value={value} checked={choice === value} onChange={() => setChoice(value)} /> {label}
    </label>
  );
  return (
    <article class="case">
      <Heading>
        {view.serviceName} <small>{view.caseId}</small>
      </Heading>
      <Problem error={error ?? problem} />
      {lost && (
        <div class="problem" role="alert">
          <p>{t('lostRace', { as: lost.as, at: lost.at })}</p>
        </div>
      )}
      {sent && !lost && (
        <p role="status" class="ok">
          {t('decided')}
        </p>
      )}
      <section aria-labelledby="applied-h">
        <h2 id="applied-h">{t('form')}</h2>
        <dl class="facts">
          <dt>{t('applicantName')}</dt>
          <dd>
            {view.applicant.name} · {view.applicant.idNumber}
          </dd>
          {Object.entries(view.form).map(([k, v]) => (
            <>
              <dt key={`${k}-t`}>{k}</dt>
              <dd key={`${k}-d`}>{String(v)}</dd>
            </>
          ))}
          <dt>{t('materials')}</dt>
          <dd>{view.materials.map((m) => `${m.id}: ${m.name}`).join('；')}</dd>
        </dl>
      </section>
      <Reviews view={view} />
      {review?.status === 'PENDING' && (
        <form class="decision" onSubmit={decide}>
          <fieldset>
            <legend>{review.departmentName}</legend>
            {radio('APPROVE', t('approve'))}
            {radio('APPROVE_WITH_CONDITIONS', t('approveWithConditions'))}
            {radio('REJECT', t('reject'))}
            {radio('REQUEST_CORRECTION', t('requestCorrection'))}
          </fieldset>
          {(choice === 'APPROVE_WITH_CONDITIONS' || choice === 'REQUEST_CORRECTION') && (
            <div class="field">
              <label for="decision-list">{choice === 'REQUEST_CORRECTION' ? t('requestedHint') : t('conditionsHint')}</label>
              <textarea
                id="decision-list"
                required
                rows={3}
                value={list}
                onInput={(e) => setList((e.target as HTMLTextAreaElement).value)}
              />
            </div>
          )}
          <div class="field">
            <label for="decision-comment">{choice === 'REJECT' ? t('reasons') : t('comment')}</label>
            <textarea
              id="decision-comment"
              required={choice === 'REJECT'}
              rows={3}
              value={comment}
              onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)}
            />
          </div>
          <button type="submit" class="primary">
            {t('send')}
          </button>
        </form>
      )}
      {review?.status === 'PENDING' && !review.extension && (
        <form
          class="extension"
          onSubmit={(e) => {
            e.preventDefault();
            void act(
              ok(
                api.POST('/applications/{caseId}/reviews/{department}/extension', {
                  params: { path },
                  body: { workingDays: Number(days), reason: comment || t('extend') },
                }),
              ),
            );
          }}
        >
          <div class="field">
            <label for="extension-days">{t('extend')}</label>
            <input
              id="extension-days"
              type="number"
              min={1}
              max={30}
              value={days}
              onInput={(e) => setDays((e.target as HTMLInputElement).value)}
            />
          </div>
          <button type="submit">{t('extend')}</button>
        </form>
      )}
      {review?.status === 'DEEMED_APPROVED' && !review.opinion && (
        <form
          class="opinion"
          onSubmit={(e) => {
            e.preventDefault();
            void act(ok(api.POST('/applications/{caseId}/reviews/{department}/opinion', { params: { path }, body: { comment } })));
          }}
        >
          <div class="field">
            <label for="opinion-comment">{t('fileOpinion')}</label>
            <textarea
              id="opinion-comment"
              required
              rows={3}
              value={comment}
              onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)}
            />
          </div>
          <button type="submit">{t('fileOpinion')}</button>
        </form>
      )}
      {review?.status === 'APPROVED_ON_COMMITMENT' && review.postCheck && !review.postCheck.result && !review.postCheck.closedAt && (
        <form
          class="post-check"
          onSubmit={(e) => {
            e.preventDefault();
            const body =
              checked === 'FAILED'
                ? { result: checked, reasons: lines(list), ...(comment ? { comment } : {}) }
                : { result: checked, ...(comment ? { comment } : {}) };
            void act(ok(api.POST('/applications/{caseId}/reviews/{department}/post-check', { params: { path }, body })));
          }}
        >
          <fieldset>
            <legend>
              {t('postCheck')} · {t('postCheckDue', { at: when(review.dueBy) })}
            </legend>
            {(['PASSED', 'FAILED'] as const).map((value) => (
              <label class="choice" key={value}>
                <input type="radio" name="post-check" value={value} checked={checked === value} onChange={() => setChecked(value)} />{' '}
                {t(`postCheck${value}`)}
              </label>
            ))}
          </fieldset>
          {checked === 'FAILED' && (
            <div class="field">
              <label for="post-check-reasons">{t('postCheckReasons')}</label>
              <textarea
                id="post-check-reasons"
                required
                rows={3}
                value={list}
                onInput={(e) => setList((e.target as HTMLTextAreaElement).value)}
              />
            </div>
          )}
          <div class="field">
            <label for="post-check-comment">{t('comment')}</label>
            <textarea
              id="post-check-comment"
              rows={2}
              value={comment}
              onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)}
            />
          </div>
          <button type="submit" class="primary">
            {t('recordPostCheck')}
          </button>
        </form>
      )}
      <RatingsSection view={view} mine={false} onDone={() => void reload()} />
      <AnswerRating view={view} department={department} onDone={() => void reload()} />
      <Timeline view={view} />
    </article>
  );
}
