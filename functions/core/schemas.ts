// The shapes clients send, as zod schemas. They are the single source for validation
// (handlers) and for the types the domain works with.
import * as z from 'zod';

const code = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and "-", at most 63');

export const timeLimitSchema = z.union([
  z.strictObject({ workingDays: z.number().int().min(1).max(365) }),
  z.strictObject({
    duration: z.string().regex(/^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/, 'an ISO-8601 duration such as PT30S, PT2H or P3D'),
  }),
]);
export type TimeLimit = z.infer<typeof timeLimitSchema>;

const scalar = z.union([z.string(), z.number(), z.boolean()]);

export type Rule =
  | { field: string; eq?: unknown; ne?: unknown; gt?: number; gte?: number; lt?: number; lte?: number; in?: unknown[] }
  | { all: Rule[] }
  | { any: Rule[] };

export const ruleSchema: z.ZodType<Rule> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(ruleSchema).min(1) }),
    z.strictObject({ any: z.array(ruleSchema).min(1) }),
    z
      .strictObject({
        field: z.string().min(1),
        eq: scalar.optional(),
        ne: scalar.optional(),
        gt: z.number().optional(),
        gte: z.number().optional(),
        lt: z.number().optional(),
        lte: z.number().optional(),
        in: z.array(scalar).min(1).optional(),
      })
      .refine((r) => ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in'].filter((k) => k in r).length === 1, {
        message: 'a rule on a field needs exactly one of eq, ne, gt, gte, lt, lte, in',
      }),
  ]),
);

export const fieldSchema = z
  .strictObject({
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'a field name: a letter, then letters, digits or _'),
  label: z.string().max(200).optional(),
  type: z.enum(['string', 'number', 'integer', 'boolean', 'date', 'enum']),
  required: z.boolean().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  pattern: z.string().max(500).optional(),
  options: z.array(z.string().min(1)).min(1).optional(),
})
  .superRefine((f, ctx) => {
    if (f.type === 'enum' && !f.options) ctx.addIssue({ code: 'custom', path: ['options'], message: 'an enum field needs options' });
    if (f.pattern !== undefined) {
      try {
        new RegExp(f.pattern);
      } catch {
        ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'not a valid regular expression' });
      }
    }
  });

export const serviceSchema = z
  .strictObject({
    name: z.string().min(1).max(200),
    description: z.string().max(5000).optional(),
    legalBasis: z.string().max(2000).optional(),
    materials: z
      .array(z.strictObject({ id: code, name: z.string().min(1).max(200), required: z.boolean() }))
      .max(100)
      .default([]),
    form: z.strictObject({ fields: z.array(fieldSchema).max(200) }).default({ fields: [] }),
    departments: z
      .array(
        z.strictObject({
          code,
          name: z.string().min(1).max(200),
          when: ruleSchema.optional(),
          timeLimit: timeLimitSchema,
        }),
      )
      .min(1)
      .max(50),
    /** How long the applicant has to answer a correction request (default 10 working days). */
    correctionLimit: timeLimitSchema.optional(),
    /** Requests from several departments within this window reach the applicant as one (default 1 working day). */
    correctionWindow: timeLimitSchema.optional(),
    /** How long a department deemed to approve may still file its opinion (default 1 working day). */
    opinionLimit: timeLimitSchema.optional(),
    /** When departments are reminded: at fractions of the limit used, and working days before it ends. */
    reminders: z
      .strictObject({
        fractionsUsed: z.array(z.number().gt(0).lt(1)).max(5).optional(),
        workingDaysLeft: z.array(z.number().int().min(1).max(30)).max(5).optional(),
      })
      .optional(),
    /** Wording on the acceptance receipt. */
    receipt: z
      .strictObject({ redress: z.string().min(1).max(2000).optional(), tacitApproval: z.string().min(1).max(2000).optional() })
      .optional(),
  })
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.departments.forEach((d, i) => {
      if (seen.has(d.code)) ctx.addIssue({ code: 'custom', path: ['departments', i, 'code'], message: `department ${d.code} is listed twice` });
      seen.add(d.code);
    });
  });

/** A service as stored and served: the body of PUT /services/{code} plus its code. */
export type ServiceInput = z.infer<typeof serviceSchema>;
export type Service = ServiceInput & { code: string; updatedAt?: string };
export type DepartmentRoute = Service['departments'][number];
export type FieldDefinition = z.infer<typeof fieldSchema>;

export const serviceCodeSchema = code;
export const departmentCodeSchema = code;

export const applicationSchema = z.strictObject({
  serviceCode: z.string().min(1).max(63),
  applicant: z.strictObject({
    name: z.string().min(1).max(200),
    idNumber: z.string().min(1).max(64),
    phone: z.string().max(32).optional(),
    email: z.string().max(254).optional(),
  }),
  form: z.record(z.string(), z.unknown()),
  materials: z
    .array(
      z.strictObject({
        id: z.string().min(1).max(63),
        name: z.string().min(1).max(200),
        sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
        uri: z.string().max(2000).optional(),
      }),
    )
    .max(100),
});
export type ApplicationInput = z.infer<typeof applicationSchema>;

export const decisionSchema = z
  .strictObject({
    decision: z.enum(['APPROVE', 'REJECT', 'REQUEST_CORRECTION']),
    comment: z.string().max(5000).optional(),
    conditions: z.array(z.string().min(1).max(1000)).max(50).optional(),
    requested: z.array(z.strictObject({ id: z.string().min(1).max(63), reason: z.string().min(1).max(1000) })).max(100).optional(),
  })
  .superRefine((d, ctx) => {
    if (d.decision === 'REJECT' && !d.comment?.trim())
      ctx.addIssue({ code: 'custom', path: ['comment'], message: 'a rejection must give its reasons in comment' });
    if (d.decision === 'REQUEST_CORRECTION' && !d.requested?.length)
      ctx.addIssue({ code: 'custom', path: ['requested'], message: 'a correction request must list the requested items' });
    if (d.decision !== 'APPROVE' && d.conditions?.length)
      ctx.addIssue({ code: 'custom', path: ['conditions'], message: 'conditions go with APPROVE only' });
  });
export type DecisionInput = z.infer<typeof decisionSchema>;

export const caseStatuses = ['INCOMPLETE', 'IN_REVIEW', 'APPROVED', 'REJECTED', 'WITHDRAWN', 'LAPSED'] as const;
export const reviewStatuses = ['PENDING', 'CORRECTION_REQUESTED', 'APPROVED', 'REJECTED', 'DEEMED_APPROVED', 'CLOSED', 'WITHDRAWN', 'LAPSED'] as const;
export type CaseStatus = (typeof caseStatuses)[number];
export type ReviewStatus = (typeof reviewStatuses)[number];

export const listApplicationsQuerySchema = z.strictObject({
  status: z.enum(caseStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2000).optional(),
});

export const listReviewsQuerySchema = z.strictObject({
  department: departmentCodeSchema,
  status: z.enum(reviewStatuses).default('PENDING'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2000).optional(),
});

export const correctionSchema = z
  .strictObject({
    form: z.record(z.string(), z.unknown()).optional(),
    materials: applicationSchema.shape.materials.optional(),
  })
  .refine((c) => c.form !== undefined || c.materials !== undefined, { message: 'a correction carries form or materials' });
export type CorrectionInput = z.infer<typeof correctionSchema>;

export const extensionSchema = z.strictObject({
  workingDays: z.number().int().min(1).max(60),
  reason: z.string().trim().min(1).max(2000),
});
export type ExtensionInput = z.infer<typeof extensionSchema>;

const localDateString = z.iso.date('a date as YYYY-MM-DD');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time as HH:MM');

export const calendarSettingsSchema = z
  .strictObject({
    timeZone: z.string().min(1).max(64).optional(),
    officeHours: z.strictObject({ start: hhmm, end: hhmm }).optional(),
  })
  .refine((c) => !c.officeHours || c.officeHours.start < c.officeHours.end, {
    path: ['officeHours'],
    message: 'office hours must start before they end',
  });

export const calendarYearSchema = z.strictObject({
  holidays: z.array(localDateString).max(366).default([]),
  workdays: z.array(localDateString).max(366).default([]),
});
