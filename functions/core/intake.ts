// Completeness at intake: the form against the service's field definitions and the
// materials against its list. Every missing or invalid item is reported at once.
import * as z from './zod.ts';
import type { ApplicationInput, FieldDefinition, Service } from './schemas.ts';

export interface Issue {
  path: string;
  message: string;
}

function fieldSchema(field: FieldDefinition): z.ZodMiniType {
  // min and max bound a number's value and a string's length
  const { min, max } = field;
  const range = (): z.core.$ZodCheck<number>[] => [
    ...(min !== undefined ? [z.minimum(min)] : []),
    ...(max !== undefined ? [z.maximum(max)] : []),
  ];
  switch (field.type) {
    case 'string': {
      const checks: z.core.$ZodCheck<string>[] = [];
      if (min !== undefined) checks.push(z.minLength(min));
      if (max !== undefined) checks.push(z.maxLength(max));
      if (field.pattern) checks.push(z.regex(new RegExp(field.pattern), `must match ${field.pattern}`));
      return z.string().check(...checks);
    }
    case 'number':
      return z.number().check(...range());
    case 'integer':
      return z.number().check(z.int(), ...range());
    case 'boolean':
      return z.boolean();
    case 'date':
      return z.iso.date('a date as YYYY-MM-DD');
    case 'enum':
      return z.enum((field.options ?? []) as [string, ...string[]]);
  }
}

const absent = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** A zod schema of the service's form fields that are present; others pass through. */
export function formSchema(service: Pick<Service, 'form'>) {
  return z.looseObject(Object.fromEntries(service.form.fields.map((f) => [f.name, z.optional(fieldSchema(f))])));
}

export function checkApplication(
  service: Pick<Service, 'form' | 'materials'>,
  input: Pick<ApplicationInput, 'form' | 'materials'>,
): Issue[] {
  const issues: Issue[] = [];
  // No prototype: a field named like an Object property (toString, constructor) is just a field.
  const present: Record<string, unknown> = Object.create(null);
  for (const [name, value] of Object.entries(input.form)) if (!absent(value)) present[name] = value;
  for (const f of service.form.fields)
    if (f.required && !Object.hasOwn(present, f.name)) issues.push({ path: `form.${f.name}`, message: `required: ${f.label ?? f.name}` });
  const form = formSchema(service).safeParse(present);
  if (!form.success)
    for (const i of form.error.issues) issues.push({ path: ['form', ...i.path.map(String)].join('.'), message: i.message });
  const supplied = new Set(input.materials.map((m) => m.id));
  for (const m of service.materials)
    if (m.required && !supplied.has(m.id)) issues.push({ path: `materials.${m.id}`, message: `required material missing: ${m.name}` });
  return issues;
}
