// Applying: the service's form, checked here by the server's own rules before it is sent,
// every missing item reported at once; sent with an Idempotency-Key made once per form, so
// a double click or a retry never makes two cases.
import { checkApplication } from '#core/intake.ts';
import { ID_TYPES } from '#core/identity.ts';
import { applicationSchema } from '#core/schemas.ts';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ok, type Service } from '../api.ts';
import { useApp } from '../app.ts';
import { isApplicant } from '../auth.ts';
import { type Attached, FieldInput, fieldId, formBody, type FormValues, MaterialInput, type Notice, Notices, notice } from '../form.tsx';
import { t } from '../i18n.ts';
import { Heading, Loading, Problem } from '../ui.tsx';
import { limitText } from './catalogue.tsx';

const ID_TYPE_NAMES: Record<(typeof ID_TYPES)[number], [string, string]> = {
  PRC_RESIDENT_ID: ['居民身份证', 'PRC resident identity card'],
  UNIFIED_SOCIAL_CREDIT_CODE: ['统一社会信用代码', 'Unified social credit code'],
  PASSPORT: ['护照', 'Passport'],
  MAINLAND_TRAVEL_PERMIT: ['港澳台居民来往内地通行证', 'Mainland travel permit'],
  FOREIGN_PERMANENT_RESIDENT_ID: ['外国人永久居留身份证', 'Foreign permanent resident ID'],
  OTHER: ['其他证件', 'Other document'],
};

export function ApplyPage({ code }: { code: string }) {
  const { api, session, go } = useApp();
  const [service, setService] = useState<Service>();
  const [error, setError] = useState<unknown>();
  const [values, setValues] = useState<FormValues>({});
  const [applicant, setApplicant] = useState({ name: '', idType: 'PRC_RESIDENT_ID', idNumber: '', phone: '', email: '' });
  const [attached, setAttached] = useState<Record<string, Attached>>({});
  const [notices, setNotices] = useState<Notice[]>([]);
  const [sending, setSending] = useState(false);
  const [signed, setSigned] = useState(false);
  const idempotencyKey = useRef(crypto.randomUUID());
  useEffect(() => {
    ok(api.GET('/services/{code}', { params: { path: { code } } })).then(({ data }) => setService(data), setError);
  }, [api, code]);
  if (!service) return error ? <Problem error={error} /> : <Loading />;
  if (!session || !isApplicant(session))
    return (
      <section>
        <Heading>{service.name}</Heading>
        <p>
          <a class="button primary" href="#/signin">
            {t('signIn')}
          </a>
        </p>
      </section>
    );
  const labels: Record<string, string> = {
    'applicant.name': t('applicantName'),
    'applicant.idNumber': t('idNumber'),
    'applicant.idType': t('idType'),
    'applicant.phone': t('phone'),
    'applicant.email': t('email'),
  };
  const invalid = new Set(notices.map((n) => n.path));
  const submit = async (e: Event) => {
    e.preventDefault();
    if (sending) return;
    const body = {
      serviceCode: service.code,
      applicant: {
        name: applicant.name.trim(),
        idType: applicant.idType as (typeof ID_TYPES)[number],
        idNumber: applicant.idNumber,
        ...(applicant.phone.trim() ? { phone: applicant.phone.trim() } : {}),
        ...(applicant.email.trim() ? { email: applicant.email.trim() } : {}),
      },
      form: formBody(service.form.fields, values),
      materials: Object.values(attached),
      ...(service.commitment && signed ? { commitment: { accepted: true as const } } : {}),
    };
    const shape = applicationSchema.safeParse(body);
    const issues = [
      ...(shape.success ? [] : shape.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))),
      ...checkApplication(service, body),
    ];
    // one notice a field: an empty required one is "please fill in", not its other checks
    const empty = ['name', 'idNumber'].filter((k) => !body.applicant[k as 'name'].trim()).map((k) => `applicant.${k}`);
    const found: Notice[] = [];
    for (const i of [...empty.map((path) => ({ path, message: 'required' })), ...issues])
      if (!found.some((n) => n.path === i.path)) found.push(notice(service, i, labels));
    setNotices(found);
    if (found.length) {
      setTimeout(() => document.getElementById('notices')?.focus());
      return;
    }
    setSending(true);
    setError(undefined);
    try {
      const { data } = await ok(
        api.POST('/applications', { body: shape.data as never, params: { header: { 'Idempotency-Key': idempotencyKey.current } } }),
      );
      go(`/cases/${encodeURIComponent(data.caseId)}`);
    } catch (err) {
      setError(err);
      setSending(false);
    }
  };
  const person = (key: keyof typeof applicant, label: string, type: 'text' | 'tel' | 'email' = 'text', required = false) => (
    <div class="field">
      <label for={fieldId(`applicant.${key}`)}>
        {label}
        {required && <span class="req"> *</span>}
      </label>
      <input
        id={fieldId(`applicant.${key}`)}
        type={type as 'text'}
        required={required}
        aria-invalid={invalid.has(`applicant.${key}`) ? 'true' : undefined}
        value={applicant[key]}
        onInput={(e) => setApplicant({ ...applicant, [key]: (e.target as HTMLInputElement).value })}
      />
    </div>
  );
  const zh = document.documentElement.lang === 'zh-CN';
  return (
    <section>
      <Heading>{service.name}</Heading>
      {service.description && <p>{service.description}</p>}
      {service.legalBasis && (
        <p>
          {t('legalBasis')}: {service.legalBasis}
        </p>
      )}
      <p>
        {t('departments')}: {service.departments.map((d) => `${d.name} (${limitText(d.timeLimit)})`).join('；')}
      </p>
      <Notices title={t('fixThese', { n: notices.length })} notices={notices} />
      <Problem error={error} />
      <form onSubmit={submit} noValidate>
        <fieldset>
          <legend>{t('applicant')}</legend>
          {person('name', t('applicantName'), 'text', true)}
          <div class="field">
            <label for={fieldId('applicant.idType')}>{t('idType')}</label>
            <select
              id={fieldId('applicant.idType')}
              value={applicant.idType}
              onChange={(e) => setApplicant({ ...applicant, idType: (e.target as HTMLSelectElement).value })}
            >
              {ID_TYPES.map((type) => (
                <option key={type} value={type}>
                  {ID_TYPE_NAMES[type][zh ? 0 : 1]}
                </option>
              ))}
            </select>
          </div>
          {person('idNumber', t('idNumber'), 'text', true)}
          {person('phone', t('phone'), 'tel')}
          {person('email', t('email'), 'email')}
        </fieldset>
        <fieldset>
          <legend>{t('form')}</legend>
          {service.form.fields.map((f) => (
            <FieldInput
              key={f.name}
              field={f}
              value={values[f.name]}
              invalid={invalid.has(`form.${f.name}`)}
              onChange={(v) => setValues({ ...values, [f.name]: v })}
            />
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('materials')}</legend>
          {service.materials.map((m) => (
            <MaterialInput
              key={m.id}
              material={m}
              attached={attached[m.id]}
              invalid={invalid.has(`materials.${m.id}`)}
              onAttach={(a) => {
                const next = { ...attached };
                if (a) next[m.id] = a;
                else delete next[m.id];
                setAttached(next);
              }}
            />
          ))}
        </fieldset>
        {service.commitment && (
          <fieldset class="commitment">
            <legend>{t('commitment')}</legend>
            <p>
              {t('commitmentDepartments', {
                list: service.departments
                  .filter((d) => d.commitment)
                  .map((d) => d.name)
                  .join('、'),
              })}
            </p>
            <blockquote id="commitment-text">{service.commitment.text}</blockquote>
            <label class="choice">
              <input
                id="commitment-accept"
                type="checkbox"
                checked={signed}
                aria-describedby="commitment-text"
                onChange={(e) => setSigned((e.target as HTMLInputElement).checked)}
              />{' '}
              {t('commitmentSign')}
            </label>
          </fieldset>
        )}
        <button type="submit" class="primary" disabled={sending} aria-busy={sending}>
          {sending ? t('submitting') : t('submit')}
        </button>
      </form>
    </section>
  );
}
