// An admin's desk: publish or edit a service (the edit names the version it was read at,
// If-Match, so a concurrent edit is reported, not lost), who a department's notices go to,
// and the working-day calendar.
import { useEffect, useState } from 'preact/hooks';
import { ApiProblem, ok, type Service } from '../api.ts';
import { useApp } from '../app.ts';
import { t } from '../i18n.ts';
import { Heading, SaveRow } from '../ui.tsx';
import { CalendarYearForm, ContactsForm } from './admin-more.tsx';

export function AdminPage() {
  const { api } = useApp();
  const [services, setServices] = useState<Service[]>([]);
  const [code, setCode] = useState('');
  const [text, setText] = useState('');
  const [etag, setEtag] = useState<string>();
  const [status, setStatus] = useState<string>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    ok(api.GET('/services')).then(({ data }) => setServices(data.items), setError);
  }, [api]);
  const open = async (next: string) => {
    setCode(next);
    setStatus(undefined);
    setError(undefined);
    if (!next) return;
    try {
      const { data, response } = await ok(api.GET('/services/{code}', { params: { path: { code: next } } }));
      setText(JSON.stringify(data, null, 2));
      setEtag(response.headers.get('etag') ?? undefined);
    } catch (err) {
      setError(err);
    }
  };
  const save = async (e: Event) => {
    e.preventDefault();
    setStatus(undefined);
    setError(undefined);
    let body: Service;
    try {
      body = JSON.parse(text) as Service;
    } catch (err) {
      setError(new ApiProblem(400, 'VALIDATION_FAILED', 'JSON', [{ path: 'service', message: (err as Error).message }]));
      return;
    }
    const target = code || body.code;
    try {
      const { data, response } = await ok(
        api.PUT('/services/{code}', {
          params: { path: { code: target }, header: etag ? { 'If-Match': etag } : {} } as never,
          body: body as never,
        }),
      );
      setText(JSON.stringify(data, null, 2));
      setEtag(response.headers.get('etag') ?? undefined);
      setStatus(t('saved'));
    } catch (err) {
      if (err instanceof ApiProblem && err.status === 412) setStatus(t('staleEdit'));
      else setError(err);
    }
  };
  return (
    <section>
      <Heading>{t('navAdmin')}</Heading>
      <form class="admin" onSubmit={save}>
        <div class="field">
          <label for="admin-service">{t('navCatalogue')}</label>
          <select id="admin-service" value={code} onChange={(e) => void open((e.target as HTMLSelectElement).value)}>
            <option value="">—</option>
            {services.map((s) => (
              <option key={s.code} value={s.code}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="admin-json">JSON</label>
          <textarea
            id="admin-json"
            rows={20}
            spellcheck={false}
            value={text}
            onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
          />
        </div>
        <SaveRow status={status} error={error} label={t('publish')} />
      </form>
      <ContactsForm />
      <CalendarYearForm />
    </section>
  );
}
