// Answering what is missing (an INCOMPLETE case) or what a department asked to correct: a
// field or a material for each item named, sent as one correction.
import { useEffect, useState } from 'preact/hooks';
import { type CaseView, ok, type Service } from '../api.ts';
import { useApp } from '../app.ts';
import { type Attached, FieldInput, formBody, type FormValues, MaterialInput } from '../form.tsx';
import { t } from '../i18n.ts';
import { Problem } from '../ui.tsx';

/** The names of what is asked for: `form.x` / `materials.y` paths, and the ids a department named. */
function asked(view: CaseView): string[] {
  const names = new Set<string>();
  for (const m of view.missing ?? []) names.add(m.path.split('.').slice(1).join('.') || m.path);
  for (const r of view.reviews) if (r.status === 'CORRECTION_REQUESTED') for (const q of r.requested ?? []) names.add(q.id);
  return [...names];
}

export function CorrectionForm({ view, onDone }: { view: CaseView; onDone(next?: CaseView): void }) {
  const { api } = useApp();
  const [service, setService] = useState<Service>();
  const [values, setValues] = useState<FormValues>({});
  const [attached, setAttached] = useState<Record<string, Attached>>({});
  const [error, setError] = useState<unknown>();
  const [sending, setSending] = useState(false);
  useEffect(() => {
    ok(api.GET('/services/{code}', { params: { path: { code: view.serviceCode } } })).then(({ data }) => setService(data), setError);
  }, [api, view.serviceCode]);
  if (!service) return <Problem error={error} />;
  const names = asked(view);
  const fields = service.form.fields.filter((f) => names.includes(f.name));
  const materials = service.materials.filter((m) => names.includes(m.id));
  const send = async (e: Event) => {
    e.preventDefault();
    setSending(true);
    try {
      const { data } = await ok(
        api.POST('/applications/{caseId}/corrections', {
          params: { path: { caseId: view.caseId } },
          body: {
            form: { ...view.form, ...formBody(fields, values) },
            materials: [...view.materials.filter((m) => !attached[m.id]), ...Object.values(attached)],
          },
        }),
      );
      onDone(data as CaseView);
    } catch (err) {
      setError(err);
    } finally {
      setSending(false);
    }
  };
  return (
    <form class="correction" onSubmit={send}>
      <h2>{t('answerCorrection')}</h2>
      <Problem error={error} />
      {fields.map((f) => (
        <FieldInput key={f.name} field={f} value={values[f.name]} invalid={false} onChange={(v) => setValues({ ...values, [f.name]: v })} />
      ))}
      {materials.map((m) => (
        <MaterialInput
          key={m.id}
          material={m}
          attached={attached[m.id]}
          invalid={false}
          onAttach={(a) => setAttached(a ? { ...attached, [m.id]: a } : attached)}
        />
      ))}
      <button type="submit" class="primary" disabled={sending}>
        {t('answerCorrection')}
      </button>
    </form>
  );
}
