// An electronic permit, open to anyone with its number: the document as signed, and what
// verifying it says now (genuine, valid, revoked or expired). Printable; the QR code's
// address is shown as a link.
import { useEffect, useState } from 'preact/hooks';
import { ok, type Schemas } from '../api.ts';
import { useApp } from '../app.ts';
import { t, when } from '../i18n.ts';
import { Heading, Loading, Problem } from '../ui.tsx';

type Permit = Schemas['Permit'];
type Verification = Schemas['PermitVerification'];

export function PermitPage({ number }: { number: string }) {
  const { api } = useApp();
  const [permit, setPermit] = useState<Permit>();
  const [check, setCheck] = useState<Verification>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    const path = { number };
    Promise.all([
      ok(api.GET('/permits/{number}', { params: { path } })),
      ok(api.GET('/permits/{number}/verify', { params: { path } })),
    ]).then(([p, v]) => {
      setPermit(p.data);
      setCheck(v.data);
    }, setError);
  }, [api, number]);
  if (error) return <Problem error={error} />;
  if (!permit || !check) return <Loading />;
  const doc = permit.document;
  return (
    <article class="permit" data-status={check.status}>
      <Heading>{doc.title}</Heading>
      <p>
        <span class={`badge badge-permit-${check.status.toLowerCase()}`} id="permit-status">
          {t(`permit${check.status}`)}
        </span>{' '}
        <span role="status" class={check.genuine ? 'genuine' : 'problem'}>
          {t(check.genuine ? 'genuine' : 'notGenuine')}
        </span>
      </p>
      {check.revoked && (
        <div class="problem" role="alert">
          <p>
            {t('revokedFor')} ({when(check.revoked.at)}):
          </p>
          <ul>
            {check.revoked.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </div>
      )}
      <dl>
        <dt>{t('permitNumber')}</dt>
        <dd>{doc.number}</dd>
        <dt>{t('holder')}</dt>
        <dd>
          {doc.holder.name} ({doc.holder.idNumberMasked})
        </dd>
        <dt>{t('authority')}</dt>
        <dd>{doc.authority}</dd>
        {doc.service.legalBasis && (
          <>
            <dt>{t('legalBasis')}</dt>
            <dd>{doc.service.legalBasis}</dd>
          </>
        )}
        <dt>{t('validity')}</dt>
        <dd>
          {doc.validUntil
            ? t('validFromTo', { from: when(doc.validFrom), until: when(doc.validUntil) })
            : t('validUntilNoEnd', { from: when(doc.validFrom) })}
        </dd>
      </dl>
      <h2>{t('approvalsBy')}</h2>
      <ul>
        {doc.approvals.map((a) => (
          <li key={a.department}>
            {a.departmentName}: {t(`review${a.decision}`)} ({when(a.at)})
            {a.conditions?.length ? (
              <ul>
                {a.conditions.map((c) => (
                  <li key={c}>
                    {t('conditions')}: {c}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
      {doc.tacitApprovals.length > 0 && (
        <section class="tacit" aria-labelledby="tacit-h">
          <h2 id="tacit-h">{t('tacitCertificate')}</h2>
          <ul>
            {doc.tacitApprovals.map((x) => (
              <li key={x.department}>
                {x.departmentName}: {t('dueBy')} {when(x.dueBy)}. {x.statement}
              </li>
            ))}
          </ul>
        </section>
      )}
      {doc.commitment && (
        <section class="commitment" aria-labelledby="commitment-h">
          <h2 id="commitment-h">{t('commitment')}</h2>
          <blockquote>{doc.commitment.text}</blockquote>
          <p>{when(doc.commitment.signedAt)}</p>
        </section>
      )}
      <p class="qr">
        {t('verifyAddress')}: <a href={permit.qr}>{permit.qr}</a>
      </p>
      <button type="button" class="no-print" onClick={() => print()}>
        {t('print')}
      </button>
    </article>
  );
}
