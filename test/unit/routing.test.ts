import { describe, it } from 'vitest';
import assert from 'node:assert/strict';
import { routeDepartments, ruleHolds } from '#core/routing.ts';
import type { DepartmentRoute, Rule } from '#core/schemas.ts';

const dept = (code: string, when?: Rule): DepartmentRoute => ({
  code,
  name: code,
  timeLimit: { workingDays: 5 },
  ...(when ? { when } : {}),
});
const codes = (ds: DepartmentRoute[]) => ds.map((d) => d.code);

describe('routeDepartments', () => {
  it('routes a department without a `when` rule whatever the form says', () => {
    const service = { departments: [dept('planning'), dept('market')] };
    assert.deepEqual(codes(routeDepartments(service, {})), ['planning', 'market']);
    assert.deepEqual(codes(routeDepartments(service, { anything: 'at all' })), ['planning', 'market']);
  });

  it('routes fire only when the floor area is above 200 m² (200 → no, 200.5 → yes)', () => {
    const service = { departments: [dept('planning'), dept('fire', { field: 'floorArea', gt: 200 })] };
    assert.deepEqual(codes(routeDepartments(service, { floorArea: 200 })), ['planning']);
    assert.deepEqual(codes(routeDepartments(service, { floorArea: 200.5 })), ['planning', 'fire']);
    assert.deepEqual(codes(routeDepartments(service, { floorArea: 199 })), ['planning']);
  });

  it('keeps the order of the service, not the order rules matched', () => {
    const service = {
      departments: [dept('a', { field: 'x', eq: 1 }), dept('b'), dept('c', { field: 'x', gte: 1 })],
    };
    assert.deepEqual(codes(routeDepartments(service, { x: 1 })), ['a', 'b', 'c']);
    assert.deepEqual(codes(routeDepartments(service, { x: 2 })), ['b', 'c']);
  });

  it('routes no one when every department has a rule that does not hold', () => {
    const service = { departments: [dept('fire', { field: 'floorArea', gt: 200 })] };
    assert.deepEqual(routeDepartments(service, { floorArea: 10 }), []);
  });
});

describe('ruleHolds: comparisons on one field', () => {
  const cases: { rule: Rule; yes: unknown[]; no: unknown[] }[] = [
    { rule: { field: 'n', gt: 10 }, yes: [10.001, 11, 1e9], no: [10, 9, -1] },
    { rule: { field: 'n', gte: 10 }, yes: [10, 11], no: [9.999, 0] },
    { rule: { field: 'n', lt: 10 }, yes: [9.999, -5], no: [10, 11] },
    { rule: { field: 'n', lte: 10 }, yes: [10, 0], no: [10.001] },
    { rule: { field: 'n', eq: 'food' }, yes: ['food'], no: ['Food', 'foods', undefined] },
    { rule: { field: 'n', eq: 0 }, yes: [0], no: ['0', false, undefined] },
    { rule: { field: 'n', eq: false }, yes: [false], no: [0, '', undefined, true] },
    { rule: { field: 'n', ne: 'residential' }, yes: ['industrial', 1], no: ['residential'] },
    { rule: { field: 'n', in: ['a', 'b', 3] }, yes: ['a', 'b', 3], no: ['c', '3', undefined] },
  ];
  for (const { rule, yes, no } of cases) {
    const op = Object.keys(rule).find((k) => k !== 'field');
    it(`${op} ${JSON.stringify((rule as Record<string, unknown>)[op!])}`, () => {
      for (const v of yes) assert.equal(ruleHolds(rule, { n: v }), true, `${JSON.stringify(v)} should satisfy ${op}`);
      for (const v of no) assert.equal(ruleHolds(rule, { n: v }), false, `${JSON.stringify(v)} should not satisfy ${op}`);
    });
  }

  it('compares the named field, not another one', () => {
    assert.equal(ruleHolds({ field: 'floorArea', gt: 200 }, { height: 500, floorArea: 100 }), false);
    assert.equal(ruleHolds({ field: 'floorArea', gt: 200 }, { height: 100, floorArea: 500 }), true);
  });
});

describe('ruleHolds: ordered comparisons on missing or non-numeric values never route in', () => {
  const ordered: Rule[] = [
    { field: 'n', gt: 0 },
    { field: 'n', gte: 0 },
    { field: 'n', lt: 1000 },
    { field: 'n', lte: 1000 },
  ];
  const notNumbers: [string, Record<string, unknown>][] = [
    ['missing', {}],
    ['null', { n: null }],
    ['numeric string', { n: '500' }],
    ['empty string', { n: '' }],
    ['boolean', { n: true }],
    ['NaN', { n: Number.NaN }],
    ['array', { n: [5] }],
  ];
  for (const rule of ordered)
    for (const [label, form] of notNumbers) it(`${JSON.stringify(rule)} on ${label}`, () => assert.equal(ruleHolds(rule, form), false));
});

describe('ruleHolds: nested all / any', () => {
  const bigOrHigh: Rule = {
    any: [
      { field: 'floorArea', gt: 200 },
      { field: 'floors', gte: 3 },
    ],
  };
  const bigAndIndustrial: Rule = {
    all: [
      { field: 'floorArea', gt: 200 },
      { field: 'use', eq: 'industrial' },
    ],
  };

  it('any holds when at least one branch holds', () => {
    assert.equal(ruleHolds(bigOrHigh, { floorArea: 300, floors: 1 }), true);
    assert.equal(ruleHolds(bigOrHigh, { floorArea: 100, floors: 3 }), true);
    assert.equal(ruleHolds(bigOrHigh, { floorArea: 100, floors: 2 }), false);
  });

  it('all holds only when every branch holds', () => {
    assert.equal(ruleHolds(bigAndIndustrial, { floorArea: 300, use: 'industrial' }), true);
    assert.equal(ruleHolds(bigAndIndustrial, { floorArea: 300, use: 'residential' }), false);
    assert.equal(ruleHolds(bigAndIndustrial, { floorArea: 100, use: 'industrial' }), false);
  });

  it('nests: all of [any of [...], ...]', () => {
    const rule: Rule = { all: [bigOrHigh, { field: 'district', in: ['浦东新区', '黄浦区'] }] };
    assert.equal(ruleHolds(rule, { floorArea: 300, district: '浦东新区' }), true);
    assert.equal(ruleHolds(rule, { floors: 5, district: '黄浦区' }), true);
    assert.equal(ruleHolds(rule, { floorArea: 300, district: '徐汇区' }), false);
    assert.equal(ruleHolds(rule, { floorArea: 100, floors: 1, district: '浦东新区' }), false);
  });

  it('any with a non-numeric value in one branch still routes via the other', () => {
    assert.equal(ruleHolds(bigOrHigh, { floorArea: 'big', floors: 4 }), true);
    assert.equal(ruleHolds(bigOrHigh, { floorArea: 'big' }), false);
  });
});
