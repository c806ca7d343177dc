// An admin's other forms: who a department's notices go to, and a year of the working-day
// calendar (saved against the calendar's version, If-Match, so a concurrent change is
// reported, not lost).
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiProblem, ok } from '../api.ts';
import { useApp } from '../app.ts';
import { lines } from '../form.tsx';
import { t } from '../i18n.ts';
import { SaveRow } from '../ui.tsx';

export function ContactsForm() {
  const { api } = useApp();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [emails, setEmails] = useState('');
  const [heads, setHeads] = useState('');
  const [status, setStatus] = useState<string>();
  const [error, setError] = useState<unknown>();
  const save = async (e: Event) => {
    e.preventDefault();
    setStatus(undefined);
    setError(undefined);
    try {
      await ok(
        api.PUT('/departments/{code}', {
          params: { path: { code: code.trim() } },
          body: { ...(name.trim() ? { name: name.trim() } : {}), emails: lines(emails), adminEmails: lines(heads) },
        }),
      );
      setStatus(t('saved'));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form class="contacts" onSubmit={save}>
      <h2>{t('contacts')}</h2>
      <div class="field">
        <label for="contacts-code">{t('department')}</label>
        <input id="contacts-code" required value={code} onInput={(e) => setCode((e.target as HTMLInputElement).value)} />
      </div>
      <div class="field">
        <label for="contacts-name">{t('departmentName')}</label>
        <input id="contacts-name" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
      </div>
      <div class="field">
        <label for="contacts-emails">{t('contactsEmails')}</label>
        <textarea id="contacts-emails" rows={3} value={emails} onInput={(e) => setEmails((e.target as HTMLTextAreaElement).value)} />
      </div>
      <div class="field">
        <label for="contacts-heads">{t('contactsAdminEmails')}</label>
        <textarea id="contacts-heads" rows={2} value={heads} onInput={(e) => setHeads((e.target as HTMLTextAreaElement).value)} />
      </div>
      <SaveRow status={status} error={error} label={t('publish')} />
    </form>
  );
}

export function CalendarYearForm() {
  const { api } = useApp();
  const [year, setYear] = useState(() => String(new Date().getFullYear()));
  const [holidays, setHolidays] = useState('');
  const [workdays, setWorkdays] = useState('');
  const [etag, setEtag] = useState<string>();
  const [status, setStatus] = useState<string>();
  const [error, setError] = useState<unknown>();
  // the year whose days are shown: a load for a year no longer asked for is dropped
  const asked = useRef('');
  const [loadedYear, setLoadedYear] = useState<string>();
  const load = async (forYear: string) => {
    asked.current = forYear;
    setLoadedYear(undefined);
    setStatus(undefined);
    setError(undefined);
    try {
      const { data, response } = await ok(api.GET('/calendar'));
      if (asked.current !== forYear) return;
      const days = data.years[forYear] ?? { holidays: [], workdays: [] };
      setHolidays(days.holidays.join('\n'));
      setWorkdays(days.workdays.join('\n'));
      setEtag(response.headers.get('etag') ?? undefined);
      setLoadedYear(forYear);
    } catch (err) {
      setError(err);
    }
  };
  useEffect(() => {
    if (/^\d{4}$/.test(year)) void load(year);
    else setLoadedYear(undefined);
  }, [api, year]);
  const ready = loadedYear === year;
  const save = async (e: Event) => {
    e.preventDefault();
    setStatus(undefined);
    setError(undefined);
    try {
      const { response } = await ok(
        api.PUT('/calendar/years/{year}', {
          params: { path: { year }, header: etag ? { 'If-Match': etag } : {} } as never,
          body: { holidays: lines(holidays), workdays: lines(workdays) },
        }),
      );
      setEtag(response.headers.get('etag') ?? undefined);
      setStatus(t('saved'));
    } catch (err) {
      if (err instanceof ApiProblem && err.status === 412) setStatus(t('staleCalendar'));
      else setError(err);
    }
  };
  return (
    <form class="calendar" onSubmit={save} data-loaded={loadedYear}>
      <h2>{t('calendarYear')}</h2>
      <div class="field">
        <label for="calendar-year">{t('year')}</label>
        <input
          id="calendar-year"
          inputMode="numeric"
          pattern="[0-9]{4}"
          value={year}
          onInput={(e) => setYear((e.target as HTMLInputElement).value)}
        />
      </div>
      <div class="field">
        <label for="calendar-holidays">{t('holidays')}</label>
        <textarea
          id="calendar-holidays"
          rows={6}
          disabled={!ready}
          value={holidays}
          onInput={(e) => setHolidays((e.target as HTMLTextAreaElement).value)}
        />
      </div>
      <div class="field">
        <label for="calendar-workdays">{t('workdays')}</label>
        <textarea
          id="calendar-workdays"
          rows={3}
          disabled={!ready}
          value={workdays}
          onInput={(e) => setWorkdays((e.target as HTMLTextAreaElement).value)}
        />
      </div>
      <SaveRow status={status} error={error} label={t('saveYear')} disabled={!ready} />
    </form>
  );
}
