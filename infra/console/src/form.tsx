// A service's form, generated from its field definitions and materials, and the issues of
// an application in words, found by the same code the server checks with
// (functions/core: the request schema and the completeness check).
import { useState } from 'preact/hooks';
import type { Service } from './api.ts';
import { t } from './i18n.ts';

type Field = Service['form']['fields'][number];
export type FormValues = Record<string, string | boolean>;
export interface Attached {
  id: string;
  name: string;
  sha256: string;
}

/** The form's values as the API takes them: numbers as numbers, empty fields left out. */
export function formBody(fields: Field[], values: FormValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.name];
    if (v === undefined || v === '') continue;
    if ((f.type === 'number' || f.type === 'integer') && typeof v === 'string') body[f.name] = Number.isNaN(Number(v)) ? v : Number(v);
    else body[f.name] = v;
  }
  return body;
}

export const fieldId = (path: string) => `f-${path.replace(/[^\w-]/g, '_')}`;

export interface Notice {
  path: string;
  text: string;
}

/** An issue (a path and the server's English message) in the reader's words, with the label of what it is about. */
export function notice(
  service: Pick<Service, 'form' | 'materials'>,
  issue: { path: string; message: string },
  labels: Record<string, string> = {},
): Notice {
  const [head, name = ''] = [issue.path.split('.')[0], issue.path.split('.').slice(1).join('.')];
  if (head === 'materials') {
    const m = service.materials.find((x) => x.id === name);
    return { path: issue.path, text: t('missingMaterial', { label: m?.name ?? name }) };
  }
  const field = head === 'form' ? service.form.fields.find((f) => f.name === name) : undefined;
  const label = field ? (field.label ?? field.name) : (labels[issue.path] ?? issue.path);
  if (issue.message.startsWith('required')) return { path: issue.path, text: t('missingRequired', { label }) };
  return { path: issue.path, text: t('invalidField', { label, detail: issue.message }) };
}

/** Every issue at once, each a link to its field. */
export function Notices({ title, notices }: { title: string; notices: Notice[] }) {
  if (!notices.length) return null;
  return (
    <div class="problem" role="alert" tabIndex={-1} id="notices">
      <p>{title}</p>
      <ul>
        {notices.map((n) => (
          <li key={n.path}>
            <a
              href={`#${fieldId(n.path)}`}
              onClick={(e) => {
                e.preventDefault();
                document.getElementById(fieldId(n.path))?.focus();
              }}
            >
              {n.text}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function FieldInput({
  field,
  value,
  onChange,
  invalid,
}: {
  field: Field;
  value: string | boolean | undefined;
  onChange(v: string | boolean): void;
  invalid: boolean;
}) {
  const id = fieldId(`form.${field.name}`);
  const label = (
    <label for={id}>
      {field.label ?? field.name}
      {field.required && <span class="req"> *</span>}
    </label>
  );
  const common = { id, name: field.name, 'aria-invalid': invalid ? ('true' as const) : undefined, required: field.required };
  if (field.type === 'boolean')
    return (
      <div class="field check">
        <input type="checkbox" {...common} checked={value === true} onChange={(e) => onChange((e.target as HTMLInputElement).checked)} />
        {label}
      </div>
    );
  if (field.type === 'enum')
    return (
      <div class="field">
        {label}
        <select {...common} value={String(value ?? '')} onChange={(e) => onChange((e.target as HTMLSelectElement).value)}>
          <option value="">—</option>
          {(field.options ?? []).map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </div>
    );
  const type = (field.type === 'date' ? 'date' : field.type === 'string' ? 'text' : 'number') as 'text';
  return (
    <div class="field">
      {label}
      <input
        type={type}
        inputMode={field.type === 'integer' ? 'numeric' : field.type === 'number' ? 'decimal' : undefined}
        step={field.type === 'number' ? 'any' : undefined}
        {...common}
        value={String(value ?? '')}
        onInput={(e) => onChange((e.target as HTMLInputElement).value)}
      />
    </div>
  );
}

async function sha256(file: File): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A material: the file stays on the applicant's device; its name and SHA-256 fingerprint go
 * with the application (the API records materials by reference).
 */
export function MaterialInput({
  material,
  attached,
  onAttach,
  invalid,
}: {
  material: Service['materials'][number];
  attached: Attached | undefined;
  onAttach(a: Attached | undefined): void;
  invalid: boolean;
}) {
  const id = fieldId(`materials.${material.id}`);
  const [busy, setBusy] = useState(false);
  return (
    <div class="field">
      <label for={id}>
        {material.name}
        <span class={material.required ? 'req' : 'opt'}> ({material.required ? t('required') : t('optional')})</span>
      </label>
      <input
        id={id}
        type="file"
        aria-invalid={invalid ? 'true' : undefined}
        disabled={busy}
        onChange={async (e) => {
          const file = (e.target as HTMLInputElement).files?.[0];
          if (!file) return onAttach(undefined);
          setBusy(true);
          try {
            onAttach({ id: material.id, name: file.name, sha256: await sha256(file) });
          } finally {
            setBusy(false);
          }
        }}
      />
      {attached && <p class="hint">{t('attached', { name: attached.name })}</p>}
    </div>
  );
}

/** A textarea's non-empty lines, trimmed: one item a line. */
export const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
