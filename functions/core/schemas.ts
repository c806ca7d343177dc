// The shapes clients send, as zod schemas (zod/mini: checks are listed in .check(), in the
// order they run). They are the single source for validation (handlers) and for the types
// the domain works with.
import { DEFAULT_ID_TYPE, ID_TYPES, idNumberProblem } from './identity.ts';
import * as z from './zod.ts';

const code = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and "-", at most 63'));

export const timeLimitSchema = z.union([
  z.strictObject({ workingDays: z.number().check(z.int(), z.minimum(1), z.maximum(365)) }),
  z.strictObject({
    duration: z
      .string()
      .check(z.regex(/^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/, 'an ISO-8601 duration such as PT30S, PT2H or P3D')),
  }),
]);
export type TimeLimit = z.infer<typeof timeLimitSchema>;

const scalar = z.union([z.string(), z.number(), z.boolean()]);

export type Rule =
  | { field: string; eq?: unknown; ne?: unknown; gt?: number; gte?: number; lt?: number; lte?: number; in?: unknown[] }
  | { all: Rule[] }
  | { any: Rule[] };

export const ruleSchema: z.ZodMiniType<Rule> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(ruleSchema).check(z.minLength(1)) }),
    z.strictObject({ any: z.array(ruleSchema).check(z.minLength(1)) }),
    z
      .strictObject({
        field: z.string().check(z.minLength(1)),
        eq: z.optional(scalar),
        ne: z.optional(scalar),
        gt: z.optional(z.number()),
        gte: z.optional(z.number()),
        lt: z.optional(z.number()),
        lte: z.optional(z.number()),
        in: z.optional(z.array(scalar).check(z.minLength(1))),
      })
      .check(
        z.refine((r) => ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in'].filter((k) => k in r).length === 1, {
          message: 'a rule on a field needs exactly one of eq, ne, gt, gte, lt, lte, in',
        }),
      ),
  ]),
);

export const fieldSchema = z
  .strictObject({
    name: z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'a field name: a letter, then letters, digits or _')),
    label: z.optional(z.string().check(z.maxLength(200))),
    type: z.enum(['string', 'number', 'integer', 'boolean', 'date', 'enum']),
    required: z.optional(z.boolean()),
    min: z.optional(z.number()),
    max: z.optional(z.number()),
    pattern: z.optional(z.string().check(z.maxLength(500))),
    options: z.optional(z.array(z.string().check(z.minLength(1))).check(z.minLength(1))),
  })
  .check(
    z.superRefine((f, ctx) => {
      if (f.type === 'enum' && !f.options) ctx.addIssue({ code: 'custom', path: ['options'], message: 'an enum field needs options' });
      if (f.pattern !== undefined) {
        try {
          new RegExp(f.pattern);
        } catch {
          ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'not a valid regular expression' });
        }
      }
    }),
  );

export const serviceSchema = z
  .strictObject({
    name: z.string().check(z.minLength(1), z.maxLength(200)),
    description: z.optional(z.string().check(z.maxLength(5000))),
    legalBasis: z.optional(z.string().check(z.maxLength(2000))),
    materials: z._default(
      z
        .array(z.strictObject({ id: code, name: z.string().check(z.minLength(1), z.maxLength(200)), required: z.boolean() }))
        .check(z.maxLength(100)),
      [],
    ),
    form: z._default(z.strictObject({ fields: z.array(fieldSchema).check(z.maxLength(200)) }), { fields: [] }),
    departments: z
      .array(
        z.strictObject({
          code,
          name: z.string().check(z.minLength(1), z.maxLength(200)),
          when: z.optional(ruleSchema),
          timeLimit: timeLimitSchema,
          /** The department approves on the applicant's commitment (the service's `commitment`), and checks afterwards within this limit. */
          commitment: z.optional(z.strictObject({ postCheckLimit: timeLimitSchema })),
        }),
      )
      .check(z.minLength(1), z.maxLength(50)),
    /** How long the applicant has to answer a correction request (default 10 working days). */
    correctionLimit: z.optional(timeLimitSchema),
    /** Requests from several departments within this window reach the applicant as one (default 1 working day). */
    correctionWindow: z.optional(timeLimitSchema),
    /** How long a department deemed to approve may still file its opinion (default 1 working day). */
    opinionLimit: z.optional(timeLimitSchema),
    /** When departments are reminded: at fractions of the limit used, and working days before it ends. */
    reminders: z.optional(
      z.strictObject({
        fractionsUsed: z.optional(z.array(z.number().check(z.gt(0), z.lt(1))).check(z.maxLength(5))),
        workingDaysLeft: z.optional(z.array(z.number().check(z.int(), z.minimum(1), z.maximum(30))).check(z.maxLength(5))),
      }),
    ),
    /** The permit an approved case issues: its title, the authority that issues it, how long it is valid (none: no end). */
    permit: z.optional(
      z.strictObject({
        title: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
        authority: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
        validity: z.optional(
          z
            .strictObject({
              years: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(50))),
              months: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(600))),
              days: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(18250))),
            })
            .check(
              z.refine((v) => v.years !== undefined || v.months !== undefined || v.days !== undefined, {
                message: 'a validity needs years, months or days',
              }),
            ),
        ),
      }),
    ),
    /** Approval on commitment: the text an applicant signs to be approved at once by the departments that allow it. */
    commitment: z.optional(z.strictObject({ text: z.string().check(z.trim(), z.minLength(1), z.maxLength(5000)) })),
    /** How long after the outcome the applicant may rate the service and its departments, and change a rating (default 10 working days). */
    ratingWindow: z.optional(timeLimitSchema),
    /** Wording on the acceptance receipt. */
    receipt: z.optional(
      z.strictObject({
        redress: z.optional(z.string().check(z.minLength(1), z.maxLength(2000))),
        tacitApproval: z.optional(z.string().check(z.minLength(1), z.maxLength(2000))),
      }),
    ),
  })
  .check(
    z.superRefine((s, ctx) => {
      const seen = new Set<string>();
      s.departments.forEach((d, i) => {
        if (seen.has(d.code))
          ctx.addIssue({ code: 'custom', path: ['departments', i, 'code'], message: `department ${d.code} is listed twice` });
        seen.add(d.code);
        if (d.commitment && !s.commitment)
          ctx.addIssue({
            code: 'custom',
            path: ['departments', i, 'commitment'],
            message: 'approval on commitment needs the commitment text the applicant signs (commitment.text)',
          });
      });
    }),
  );

/** A service as stored and served: the body of PUT /services/{code} plus its code. */
export type ServiceInput = z.infer<typeof serviceSchema>;
export type Service = ServiceInput & { code: string; updatedAt?: string; version?: number };
export type DepartmentRoute = Service['departments'][number];
export type FieldDefinition = z.infer<typeof fieldSchema>;

export const serviceCodeSchema = code;
export const departmentCodeSchema = code;

export const applicationSchema = z.strictObject({
  serviceCode: z.string().check(z.minLength(1), z.maxLength(63)),
  applicant: z
    .strictObject({
      name: z.string().check(z.minLength(1), z.maxLength(200)),
      /** The identity document's type; a PRC resident identity card when absent. */
      idType: z.optional(z.enum(ID_TYPES)),
      /** Checked for its type (check characters included); spaces around it dropped, letters upper-cased. */
      idNumber: z.string().check(z.trim(), z.toUpperCase(), z.minLength(1), z.maxLength(64)),
      phone: z.optional(z.string().check(z.maxLength(32))),
      email: z.optional(z.string().check(z.maxLength(254))),
    })
    .check(
      z.superRefine((a, ctx) => {
        const problem = idNumberProblem(a.idType ?? DEFAULT_ID_TYPE, a.idNumber);
        if (problem) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: problem });
      }),
    ),
  form: z.record(z.string(), z.unknown()),
  materials: z
    .array(
      z.strictObject({
        id: z.string().check(z.minLength(1), z.maxLength(63)),
        name: z.string().check(z.minLength(1), z.maxLength(200)),
        sha256: z.optional(z.string().check(z.regex(/^[0-9a-f]{64}$/))),
        uri: z.optional(z.string().check(z.maxLength(2000))),
      }),
    )
    .check(z.maxLength(100)),
  /** The applicant signs the service's commitment text: the departments that allow it approve at once and check afterwards. */
  commitment: z.optional(z.strictObject({ accepted: z.literal(true) })),
});
export type ApplicationInput = z.infer<typeof applicationSchema>;

export const decisionSchema = z
  .strictObject({
    decision: z.enum(['APPROVE', 'REJECT', 'REQUEST_CORRECTION']),
    comment: z.optional(z.string().check(z.maxLength(5000))),
    conditions: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(1000))).check(z.maxLength(50))),
    requested: z.optional(
      z
        .array(
          z.strictObject({
            id: z.string().check(z.minLength(1), z.maxLength(63)),
            reason: z.string().check(z.minLength(1), z.maxLength(1000)),
          }),
        )
        .check(z.maxLength(100)),
    ),
  })
  .check(
    z.superRefine((d, ctx) => {
      if (d.decision === 'REJECT' && !d.comment?.trim())
        ctx.addIssue({ code: 'custom', path: ['comment'], message: 'a rejection must give its reasons in comment' });
      if (d.decision === 'REQUEST_CORRECTION' && !d.requested?.length)
        ctx.addIssue({ code: 'custom', path: ['requested'], message: 'a correction request must list the requested items' });
      if (d.decision !== 'APPROVE' && d.conditions?.length)
        ctx.addIssue({ code: 'custom', path: ['conditions'], message: 'conditions go with APPROVE only' });
    }),
  );
export type DecisionInput = z.infer<typeof decisionSchema>;

export const caseStatuses = ['INCOMPLETE', 'IN_REVIEW', 'APPROVED', 'REJECTED', 'WITHDRAWN', 'LAPSED'] as const;
export const reviewStatuses = [
  'PENDING',
  'CORRECTION_REQUESTED',
  'APPROVED',
  'REJECTED',
  'DEEMED_APPROVED',
  'APPROVED_ON_COMMITMENT',
  'CLOSED',
  'WITHDRAWN',
  'LAPSED',
] as const;
export type CaseStatus = (typeof caseStatuses)[number];
export type ReviewStatus = (typeof reviewStatuses)[number];

export const listApplicationsQuerySchema = z.strictObject({
  status: z.optional(z.enum(caseStatuses)),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 20),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
});

export const listReviewsQuerySchema = z.strictObject({
  department: departmentCodeSchema,
  status: z._default(z.enum(reviewStatuses), 'PENDING'),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 50),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
});

export const correctionSchema = z
  .strictObject({
    form: z.optional(z.record(z.string(), z.unknown())),
    materials: z.optional(applicationSchema.shape.materials),
  })
  .check(z.refine((c) => c.form !== undefined || c.materials !== undefined, { message: 'a correction carries form or materials' }));
export type CorrectionInput = z.infer<typeof correctionSchema>;

export const extensionSchema = z.strictObject({
  workingDays: z.number().check(z.int(), z.minimum(1), z.maximum(60)),
  reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(2000)),
});
export type ExtensionInput = z.infer<typeof extensionSchema>;

const localDateString = z.iso.date('a date as YYYY-MM-DD');
const hhmm = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time as HH:MM'));

export const calendarSettingsSchema = z
  .strictObject({
    timeZone: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
    officeHours: z.optional(z.strictObject({ start: hhmm, end: hhmm })),
  })
  .check(
    z.refine((c) => !c.officeHours || c.officeHours.start < c.officeHours.end, {
      path: ['officeHours'],
      message: 'office hours must start before they end',
    }),
  );

export const calendarYearSchema = z.strictObject({
  holidays: z._default(z.array(localDateString).check(z.maxLength(366)), []),
  workdays: z._default(z.array(localDateString).check(z.maxLength(366)), []),
});

export const postCheckSchema = z
  .strictObject({
    result: z.enum(['PASSED', 'FAILED']),
    comment: z.optional(z.string().check(z.trim(), z.maxLength(5000))),
    reasons: z.optional(z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(1000))).check(z.maxLength(50))),
  })
  .check(
    z.superRefine((p, ctx) => {
      if (p.result === 'FAILED' && !p.reasons?.length)
        ctx.addIssue({ code: 'custom', path: ['reasons'], message: 'a failed post-check must give its reasons' });
      if (p.result === 'PASSED' && p.reasons?.length)
        ctx.addIssue({ code: 'custom', path: ['reasons'], message: 'reasons go with FAILED only; use comment' });
    }),
  );
export type PostCheckInput = z.infer<typeof postCheckSchema>;

const ratingItem = z.strictObject({
  score: z.number().check(z.int(), z.minimum(1), z.maximum(5)),
  comment: z.optional(z.string().check(z.trim(), z.maxLength(1000))),
});
/** The applicant rates the service and the departments that reviewed the case (any of them, once each; again to change it). */
export const ratingSchema = z
  .strictObject({
    service: z.optional(ratingItem),
    departments: z.optional(z.record(departmentCodeSchema, ratingItem)),
  })
  .check(
    z.refine((r) => r.service !== undefined || Object.keys(r.departments ?? {}).length > 0, {
      message: 'rate the service, a department, or both',
    }),
  );
export type RatingInput = z.infer<typeof ratingSchema>;

export const ratingAnswerSchema = z.strictObject({ answer: z.string().check(z.trim(), z.minLength(1), z.maxLength(2000)) });
