import { describe, it } from 'vitest';
import assert from 'node:assert/strict';
import type * as z from '#core/zod.ts';
import {
  applicationSchema,
  decisionSchema,
  listApplicationsQuerySchema,
  ruleSchema,
  serviceSchema,
  timeLimitSchema,
} from '#core/schemas.ts';
import { application } from '../support/fixtures.ts';

/** Issue paths of a failed parse, dotted; fails the test if the parse succeeds. */
function issuePaths(schema: z.ZodMiniType, value: unknown): string[] {
  const result = schema.safeParse(value);
  assert.equal(result.success, false, `expected ${JSON.stringify(value)} to be refused`);
  return result.error!.issues.map((i) => i.path.map(String).join('.'));
}

const serviceBody = () => ({
  name: '建设工程施工许可',
  materials: [{ id: 'site-plan', name: '总平面图', required: true }],
  form: { fields: [{ name: 'floorArea', type: 'number', required: true }] },
  departments: [
    { code: 'planning', name: '规划局', timeLimit: { workingDays: 5 } },
    { code: 'fire', name: '消防', when: { field: 'floorArea', gt: 200 }, timeLimit: { duration: 'PT30S' } },
  ],
});

describe('serviceSchema', () => {
  it('accepts a well-formed service, defaulting materials and form', () => {
    const parsed = serviceSchema.parse(serviceBody());
    assert.equal(parsed.departments.length, 2);
    const minimal = serviceSchema.parse({ name: 'x', departments: [{ code: 'a', name: 'A', timeLimit: { workingDays: 1 } }] });
    assert.deepEqual(minimal.materials, []);
    assert.deepEqual(minimal.form, { fields: [] });
  });

  it('refuses a department listed twice, at departments.1.code', () => {
    const body = serviceBody();
    body.departments[1].code = 'planning';
    assert.deepEqual(issuePaths(serviceSchema, body), ['departments.1.code']);
  });

  it('names the later duplicate, also when it is not adjacent', () => {
    const body = serviceBody();
    body.departments.push({ code: 'planning', name: '规划局二', timeLimit: { workingDays: 1 } });
    assert.deepEqual(issuePaths(serviceSchema, body), ['departments.2.code']);
  });

  it('refuses a rule with two operators', () => {
    const body = serviceBody();
    body.departments[1].when = { field: 'floorArea', gt: 200, lt: 1000 } as never;
    const paths = issuePaths(serviceSchema, body);
    assert.ok(
      paths.some((p) => p.startsWith('departments.1.when')),
      paths.join(),
    );
  });

  it('refuses a rule with no operator', () => {
    assert.equal(ruleSchema.safeParse({ field: 'floorArea' }).success, false);
  });

  it('refuses a bad duration', () => {
    const body = serviceBody();
    body.departments[1].timeLimit = { duration: '30 seconds' } as never;
    const paths = issuePaths(serviceSchema, body);
    assert.ok(
      paths.some((p) => p.startsWith('departments.1.timeLimit')),
      paths.join(),
    );
  });

  it('refuses a department code that is not lower-case', () => {
    const body = serviceBody();
    body.departments[0].code = 'Planning';
    assert.deepEqual(issuePaths(serviceSchema, body), ['departments.0.code']);
  });

  it('refuses unknown keys (strict)', () => {
    assert.ok(issuePaths(serviceSchema, { ...serviceBody(), colour: 'red' }).length > 0);
  });
});

describe('ruleSchema', () => {
  it('accepts each single operator and nested all/any', () => {
    for (const rule of [
      { field: 'a', eq: 'x' },
      { field: 'a', ne: 1 },
      { field: 'a', gt: 1 },
      { field: 'a', gte: 1 },
      { field: 'a', lt: 1 },
      { field: 'a', lte: 1 },
      { field: 'a', in: ['x', 2, true] },
      {
        all: [
          { field: 'a', gt: 1 },
          {
            any: [
              { field: 'b', eq: true },
              { field: 'c', lt: 0 },
            ],
          },
        ],
      },
    ])
      assert.equal(ruleSchema.safeParse(rule).success, true, JSON.stringify(rule));
  });
  it('refuses eq with gt, an empty all, an empty in, and gt on a string', () => {
    for (const rule of [
      { field: 'a', eq: 1, gt: 0 },
      { all: [] },
      { field: 'a', in: [] },
      { field: 'a', gt: '200' },
      { all: [{ field: 'a' }] },
    ])
      assert.equal(ruleSchema.safeParse(rule).success, false, JSON.stringify(rule));
  });
});

describe('timeLimitSchema', () => {
  it('accepts working days and ISO-8601 durations', () => {
    for (const limit of [
      { workingDays: 1 },
      { workingDays: 365 },
      { duration: 'PT30S' },
      { duration: 'PT2H' },
      { duration: 'P3D' },
      { duration: 'P1DT1H30M' },
    ])
      assert.equal(timeLimitSchema.safeParse(limit).success, true, JSON.stringify(limit));
  });
  it('refuses an empty or malformed duration, and a non-positive or fractional day count', () => {
    for (const limit of [
      { duration: 'P' },
      { duration: 'PT' },
      { duration: 'P1DT' },
      { duration: 'PT1.5H' },
      { duration: 'P1W' },
      { duration: '30S' },
      { workingDays: 0 },
      { workingDays: 1.5 },
      { workingDays: 366 },
      { workingDays: 1, duration: 'PT1H' },
    ])
      assert.equal(timeLimitSchema.safeParse(limit).success, false, JSON.stringify(limit));
  });
});

describe('applicationSchema', () => {
  it('accepts a well-formed application with Chinese names', () => {
    assert.equal(applicationSchema.safeParse(application()).success, true);
  });

  it('a missing applicant.name is an issue at applicant.name', () => {
    const body = application() as unknown as { applicant: Record<string, unknown> };
    delete body.applicant.name;
    assert.deepEqual(issuePaths(applicationSchema, body), ['applicant.name']);
  });

  it('an empty applicant.name is refused too', () => {
    const body = application();
    body.applicant.name = '';
    assert.deepEqual(issuePaths(applicationSchema, body), ['applicant.name']);
  });

  it('lists every missing part at once', () => {
    const paths = issuePaths(applicationSchema, { applicant: {} });
    for (const p of ['serviceCode', 'applicant.name', 'applicant.idNumber', 'form', 'materials'])
      assert.ok(paths.includes(p), `${p} in ${paths}`);
  });

  it("issues carry zod's English messages (zod/mini has none of its own: #core/zod.ts sets them)", () => {
    const body = application() as unknown as { serviceCode: string; applicant: Record<string, unknown> };
    body.serviceCode = 'x'.repeat(64);
    delete body.applicant.name;
    const result = applicationSchema.safeParse(body);
    assert.deepEqual(
      result.error?.issues.map((i) => [i.path.join('.'), i.message]),
      [
        ['serviceCode', 'Too big: expected string to have <=63 characters'],
        ['applicant.name', 'Invalid input: expected string, received undefined'],
      ],
    );
    assert.equal(
      decisionSchema.safeParse({ decision: 'MAYBE' }).error?.issues[0].message,
      'Invalid option: expected one of "APPROVE"|"REJECT"|"REQUEST_CORRECTION"',
    );
  });

  it('form must be an object and materials an array', () => {
    assert.deepEqual(issuePaths(applicationSchema, { ...application(), form: [1, 2] }), ['form']);
    assert.deepEqual(issuePaths(applicationSchema, { ...application(), materials: {} }), ['materials']);
  });

  it('a malformed sha256 is an issue at materials.0.sha256', () => {
    const body = application();
    body.materials[0].sha256 = 'not-a-hash';
    assert.deepEqual(issuePaths(applicationSchema, body), ['materials.0.sha256']);
  });
});

describe('decisionSchema', () => {
  it('APPROVE needs nothing else; may carry conditions', () => {
    assert.equal(decisionSchema.safeParse({ decision: 'APPROVE' }).success, true);
    assert.equal(decisionSchema.safeParse({ decision: 'APPROVE', conditions: ['夜间禁止施工'] }).success, true);
  });
  it('REJECT without a comment is an issue at comment', () => {
    assert.deepEqual(issuePaths(decisionSchema, { decision: 'REJECT' }), ['comment']);
  });
  it('REJECT with a blank comment is an issue at comment', () => {
    assert.deepEqual(issuePaths(decisionSchema, { decision: 'REJECT', comment: '   ' }), ['comment']);
  });
  it('REJECT with a comment is accepted', () => {
    assert.equal(decisionSchema.safeParse({ decision: 'REJECT', comment: '不符合规划' }).success, true);
  });
  it('REQUEST_CORRECTION without requested, or with an empty list, is an issue at requested', () => {
    assert.deepEqual(issuePaths(decisionSchema, { decision: 'REQUEST_CORRECTION' }), ['requested']);
    assert.deepEqual(issuePaths(decisionSchema, { decision: 'REQUEST_CORRECTION', requested: [] }), ['requested']);
    assert.equal(
      decisionSchema.safeParse({ decision: 'REQUEST_CORRECTION', requested: [{ id: 'site-plan', reason: '模糊' }] }).success,
      true,
    );
  });
  it('conditions with REJECT are refused, at conditions', () => {
    assert.deepEqual(issuePaths(decisionSchema, { decision: 'REJECT', comment: 'no', conditions: ['x'] }), ['conditions']);
  });
  it('an unknown decision is refused at decision', () => {
    assert.deepEqual(issuePaths(decisionSchema, { decision: 'MAYBE' }), ['decision']);
  });
});

describe('listApplicationsQuerySchema', () => {
  it('coerces limit from the query string and defaults it to 20', () => {
    assert.equal(listApplicationsQuerySchema.parse({ limit: '5' }).limit, 5);
    assert.equal(listApplicationsQuerySchema.parse({}).limit, 20);
  });
  it('refuses a non-numeric, zero or too large limit, at limit', () => {
    for (const limit of ['abc', '0', '101', '2.5']) assert.deepEqual(issuePaths(listApplicationsQuerySchema, { limit }), ['limit'], limit);
  });
});
