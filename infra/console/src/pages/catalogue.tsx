// The catalogue: every service, what it needs, who reviews it and in how long.
import { useEffect, useState } from 'preact/hooks';
import { ok, type Service } from '../api.ts';
import { useApp } from '../app.ts';
import { t } from '../i18n.ts';
import { Heading, Loading, Problem } from '../ui.tsx';

/** An ISO-8601 duration (PT30S, PT2H, P3D) in words; anything else as written. */
function durationText(iso: string): string {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso);
  if (!m) return t('duration', { d: iso });
  const parts = [
    m[1] && t('days', { n: m[1] }),
    m[2] && t('hours', { n: m[2] }),
    m[3] && t('minutes', { n: m[3] }),
    m[4] && t('seconds', { n: m[4] }),
  ].filter(Boolean);
  return parts.length ? parts.join(' ') : t('duration', { d: iso });
}

export const limitText = (limit: Service['departments'][number]['timeLimit']) =>
  'workingDays' in limit ? t('workingDays', { n: limit.workingDays }) : durationText(limit.duration);

export function CataloguePage() {
  const { api } = useApp();
  const [services, setServices] = useState<Service[]>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    ok(api.GET('/services')).then(({ data }) => setServices(data.items), setError);
  }, [api]);
  return (
    <section>
      <Heading>{t('navCatalogue')}</Heading>
      <Problem error={error} />
      {!services && !error && <Loading />}
      <ul class="cards">
        {services?.map((s) => (
          <li key={s.code} class="card">
            <h2>{s.name}</h2>
            {s.description && <p>{s.description}</p>}
            <dl>
              <dt>{t('materials')}</dt>
              <dd>{s.materials.map((m) => `${m.name}${m.required ? '' : ` (${t('optional')})`}`).join('、')}</dd>
              <dt>{t('departments')}</dt>
              <dd>{s.departments.map((d) => `${d.name}: ${limitText(d.timeLimit)}`).join('；')}</dd>
            </dl>
            <a class="button primary" href={`#/services/${encodeURIComponent(s.code)}`}>
              {t('apply')}
              <span class="visually-hidden">: {s.name}</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
