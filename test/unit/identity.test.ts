// The applicant's identity document: its number checked for the declared type (a PRC
// resident identity card unless another type is declared), and the masked form lists,
// notifications and logs show.
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { ID_TYPES, idNumberProblem, maskIdNumber } from '#core/identity.ts';
import { applicationSchema } from '#core/schemas.ts';
import { application } from '../support/fixtures.ts';

const TODAY = new Date('2026-12-05T00:00:00Z');
const resident = (value: string) => idNumberProblem('PRC_RESIDENT_ID', value, TODAY);

describe('PRC resident identity card (GB 11643)', () => {
  it('accepts numbers whose check character matches, X included', () => {
    for (const v of ['110101199003074514', '310115198805050013', '44030519851212002X', '110105194910010015'])
      assert.equal(resident(v), undefined, v);
  });

  it('refuses a wrong check character, naming it', () => {
    assert.match(resident('110101199003074513') ?? '', /check character/);
    assert.match(resident('11010119900307451X') ?? '', /check character/);
  });

  it('refuses a birth date that is not a real day, before 1900 or after today', () => {
    for (const v of ['110101199002304518', '110101199013014512', '110101189912314516', '110101202701014519'])
      assert.match(resident(v) ?? '', /birth date/, v);
  });

  it('refuses the wrong length or characters', () => {
    for (const v of ['11010119900307451', '1101011990030745140', '11010119900307451Y', '1101011990O3074514', 'X'])
      assert.match(resident(v) ?? '', /17 digits and a check character/, v);
  });

  it('a single changed digit is always caught', () => {
    const valid = '110101199003074514';
    for (let i = 0; i < 17; i++)
      for (let d = 0; d <= 9; d++) {
        if (String(d) === valid[i]) continue;
        const changed = `${valid.slice(0, i)}${d}${valid.slice(i + 1)}`;
        assert.ok(resident(changed), changed);
      }
  });
});

describe('unified social credit code (GB 32100)', () => {
  const code = (v: string) => idNumberProblem('UNIFIED_SOCIAL_CREDIT_CODE', v);
  it('accepts codes whose check character matches', () => {
    for (const v of ['91350100M000100Y43', '91110000600037341L']) assert.equal(code(v), undefined, v);
  });
  it('refuses a wrong check character, excluded letters and the wrong length', () => {
    assert.match(code('91350100M000100Y44') ?? '', /check character/);
    assert.match(code('91350100I000100Y43') ?? '', /18 characters/);
    assert.match(code('91350100M000100Y4') ?? '', /18 characters/);
  });
});

describe('other documents', () => {
  it('are checked for form only', () => {
    assert.equal(idNumberProblem('PASSPORT', 'E12345678'), undefined);
    assert.match(idNumberProblem('PASSPORT', 'E1') ?? '', /passport/);
    assert.equal(idNumberProblem('MAINLAND_TRAVEL_PERMIT', 'H12345678'), undefined);
    assert.equal(idNumberProblem('FOREIGN_PERMANENT_RESIDENT_ID', 'USA123456789012'), undefined);
    assert.equal(idNumberProblem('OTHER', 'AB-1234'), undefined);
    assert.match(idNumberProblem('OTHER', 'a b') ?? '', /document number/);
  });
  it('every declared type has a rule', () => {
    for (const t of ID_TYPES) assert.equal(typeof idNumberProblem(t, ''), 'string', t);
  });
});

describe('the application schema', () => {
  const parse = (applicant: Record<string, unknown>) => applicationSchema.safeParse({ ...application(), applicant });

  it('reads an undeclared number as a resident identity card: a bad one is refused at applicant.idNumber', () => {
    const r = parse({ name: '张三', idNumber: '110101199003074513' });
    assert.deepEqual(
      r.error?.issues.map((i) => [i.path.join('.'), i.message]),
      [['applicant.idNumber', 'the check character of the resident identity card number does not match']],
    );
  });

  it('trims and upper-cases the number before checking it', () => {
    const r = parse({ name: '张三', idNumber: ' 44030519851212002x ' });
    assert.equal(r.data?.applicant.idNumber, '44030519851212002X');
  });

  it('checks a declared type by its own rule; an unknown type is refused at applicant.idType', () => {
    assert.equal(parse({ name: 'Jane Roe', idType: 'PASSPORT', idNumber: 'E12345678' }).success, true);
    assert.deepEqual(
      parse({ name: 'Jane Roe', idType: 'PASSPORT', idNumber: '12' }).error?.issues.map((i) => i.path.join('.')),
      ['applicant.idNumber'],
    );
    assert.deepEqual(
      parse({ name: 'Jane Roe', idType: 'DRIVING_LICENCE', idNumber: 'E12345678' }).error?.issues.map((i) => i.path.join('.')),
      ['applicant.idType'],
    );
  });
});

describe('maskIdNumber', () => {
  it('keeps the first and last four characters of an 18-character number', () => {
    assert.equal(maskIdNumber('110101199003074514'), '1101**********4514');
    assert.equal(maskIdNumber('91350100M000100Y43'), '9135**********0Y43');
  });
  it('keeps less of a shorter number, never half of it', () => {
    assert.equal(maskIdNumber('E12345678'), 'E1*****78');
    assert.equal(maskIdNumber('AB-12'), 'A***2');
    assert.equal(maskIdNumber('AB1'), '***');
    for (const v of ['E12345678', 'AB-1234', '123456789012', 'USA123456789012']) {
      const shown = [...maskIdNumber(v)].filter((c) => c !== '*').length;
      assert.ok(shown <= v.length / 2 && shown <= 8, `${v}: ${shown} shown`);
      assert.equal(maskIdNumber(v).length, v.length);
    }
  });
});
