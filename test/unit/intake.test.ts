// Completeness at intake (functions/core/intake.ts): every missing or invalid form field
// (`form.<name>`) and every missing required material (`materials.<id>`) is reported at once.
import { describe, it } from 'vitest';
import assert from 'node:assert/strict';
import { checkApplication, formSchema } from '#core/intake.ts';
import type { Service } from '#core/schemas.ts';
import { shopApplication, shopForm, shopService } from '../support/fixtures.ts';

const service = shopService();
const paths = (issues: { path: string }[]) => issues.map((i) => i.path).sort();
const check = (form: Record<string, unknown>, materials = shopApplication().materials) => checkApplication(service, { form, materials });

describe('checkApplication', () => {
  it('a complete application has no issues', () => {
    assert.deepEqual(checkApplication(service, shopApplication()), []);
  });

  it('reports every missing and invalid item at once', () => {
    const issues = check(
      {
        shopName: 'A', // shorter than min 2
        category: 'bar', // not one of the options
        area: '80', // a string where a number is wanted
        // licenceNo: required and missing
        staff: 2.5, // not an integer
        postcode: '12345', // does not match ^\d{6}$
        openingDate: '2026-02-30', // no such day
        alcohol: 'yes', // not a boolean
      },
      [{ id: 'floor-plan', name: '平面图.pdf' }], // business-licence missing; health-certs is optional
    );
    assert.deepEqual(paths(issues), [
      'form.alcohol',
      'form.area',
      'form.category',
      'form.licenceNo',
      'form.openingDate',
      'form.postcode',
      'form.shopName',
      'form.staff',
      'materials.business-licence',
    ]);
    for (const i of issues) assert.ok(typeof i.message === 'string' && i.message.length > 0, `${i.path} has a message`);
  });

  it("says what is wrong in zod's English messages, or the service's own words", () => {
    // what the applicant reads in the case's `missing`: zod/mini has no messages of its own
    // (#core/zod.ts sets zod's English ones)
    const issues = check({
      shopName: 'A',
      category: 'bar',
      area: '80',
      licenceNo: 'L',
      staff: 2.5,
      postcode: '12345',
      openingDate: '2026-02-30',
      alcohol: 'yes',
    });
    assert.deepEqual(issues, [
      { path: 'form.shopName', message: 'Too small: expected string to have >=2 characters' },
      { path: 'form.category', message: 'Invalid option: expected one of "restaurant"|"retail"|"canteen"' },
      { path: 'form.area', message: 'Invalid input: expected number, received string' },
      { path: 'form.staff', message: 'Invalid input: expected int, received number' },
      { path: 'form.postcode', message: 'must match ^\\d{6}$' },
      { path: 'form.openingDate', message: 'a date as YYYY-MM-DD' },
      { path: 'form.alcohol', message: 'Invalid input: expected boolean, received string' },
    ]);
  });

  it('names a missing required field by its label, and a missing material by its name', () => {
    const issues = check(shopForm({ licenceNo: undefined }), [{ id: 'floor-plan', name: '平面图.pdf' }]);
    assert.deepEqual(issues, [
      { path: 'form.licenceNo', message: 'required: 营业执照号' },
      { path: 'materials.business-licence', message: 'required material missing: 营业执照' },
    ]);
  });

  it('a required field that is absent, null, empty or blank is missing', () => {
    for (const value of [undefined, null, '', '   ']) {
      const form = shopForm();
      if (value === undefined) delete form.shopName;
      else form.shopName = value;
      assert.deepEqual(paths(check(form)), ['form.shopName'], JSON.stringify(value));
    }
  });

  it('a required boolean that is false, and a number that is 0, are present', () => {
    const svc: Service = {
      ...service,
      form: {
        fields: [
          { name: 'agree', type: 'boolean', required: true },
          { name: 'count', type: 'integer', required: true },
        ],
      },
      materials: [],
    };
    assert.deepEqual(checkApplication(svc, { form: { agree: false, count: 0 }, materials: [] }), []);
  });

  it('bounds numbers with min and max', () => {
    assert.deepEqual(paths(check(shopForm({ area: 0 }))), ['form.area']);
    assert.deepEqual(paths(check(shopForm({ area: 5001 }))), ['form.area']);
    assert.deepEqual(check(shopForm({ area: 1 })), []);
    assert.deepEqual(check(shopForm({ area: 5000 })), []);
    assert.deepEqual(paths(check(shopForm({ staff: 0 }))), ['form.staff']);
  });

  it('bounds the length of strings with min and max', () => {
    assert.deepEqual(paths(check(shopForm({ shopName: '面' }))), ['form.shopName']);
    assert.deepEqual(paths(check(shopForm({ shopName: 'x'.repeat(41) }))), ['form.shopName']);
    assert.deepEqual(check(shopForm({ shopName: 'x'.repeat(40) })), []);
  });

  it('checks types: a number is not a string, an integer is whole, a boolean is true or false', () => {
    assert.deepEqual(paths(check(shopForm({ area: '80' }))), ['form.area']);
    assert.deepEqual(paths(check(shopForm({ licenceNo: 91310115 }))), ['form.licenceNo']);
    assert.deepEqual(paths(check(shopForm({ staff: 1.5 }))), ['form.staff']);
    assert.deepEqual(paths(check(shopForm({ alcohol: 1 }))), ['form.alcohol']);
    assert.deepEqual(check(shopForm({ alcohol: true, staff: 12 })), []);
  });

  it('checks patterns', () => {
    assert.deepEqual(paths(check(shopForm({ postcode: '20012' }))), ['form.postcode']);
    assert.deepEqual(paths(check(shopForm({ postcode: 'abcdef' }))), ['form.postcode']);
    assert.deepEqual(check(shopForm({ postcode: '200120' })), []);
  });

  it('checks dates: a real calendar day written YYYY-MM-DD', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '01/06/2026', '2026-6-1', 20260601])
      assert.deepEqual(paths(check(shopForm({ openingDate: bad }))), ['form.openingDate'], String(bad));
    assert.deepEqual(check(shopForm({ openingDate: '2026-06-01' })), []);
    assert.deepEqual(check(shopForm({ openingDate: '2028-02-29' })), []);
  });

  it('checks enums against their options', () => {
    assert.deepEqual(paths(check(shopForm({ category: 'bar' }))), ['form.category']);
    assert.deepEqual(paths(check(shopForm({ category: 'Restaurant' }))), ['form.category']);
    for (const ok of ['restaurant', 'retail', 'canteen']) assert.deepEqual(check(shopForm({ category: ok })), [], ok);
  });

  it('optional fields may be absent, null or empty', () => {
    const minimal = { shopName: '老王面馆', category: 'retail', area: 12, licenceNo: 'X' };
    assert.deepEqual(check(minimal), []);
    assert.deepEqual(check({ ...minimal, staff: null, postcode: '', openingDate: undefined }), []);
  });

  it('extra form fields the service does not define are allowed', () => {
    assert.deepEqual(check(shopForm({ remark: '临街', floors: 2, nested: { a: 1 } })), []);
  });

  it('optional and extra materials are fine; the order does not matter', () => {
    const materials = [
      { id: 'health-certs', name: '健康证.pdf' },
      { id: 'floor-plan', name: '平面图.pdf' },
      { id: 'photos', name: '门头照片.jpg' },
      { id: 'business-licence', name: '营业执照.pdf' },
    ];
    assert.deepEqual(check(shopForm(), materials), []);
  });

  it('no materials and an empty form: every required field and material is reported', () => {
    assert.deepEqual(paths(check({}, [])), [
      'form.area',
      'form.category',
      'form.licenceNo',
      'form.shopName',
      'materials.business-licence',
      'materials.floor-plan',
    ]);
  });

  it('a service without form fields or materials accepts anything', () => {
    assert.deepEqual(checkApplication({ form: { fields: [] }, materials: [] }, { form: { x: 1 }, materials: [] }), []);
  });

  it('a form field named like an Object.prototype member is checked like any other', () => {
    // Field names are letters, digits and "_" (serviceSchema allows "toString", "valueOf",
    // "constructor"). An optional such field left out must not be an issue, and a required
    // one left out must be reported as missing.
    const svc = {
      form: {
        fields: [
          { name: 'toString', type: 'string' as const },
          { name: 'constructor', type: 'string' as const, required: true, label: '施工单位' },
        ],
      },
      materials: [],
    };
    assert.deepEqual(checkApplication(svc, { form: {}, materials: [] }), [{ path: 'form.constructor', message: 'required: 施工单位' }]);
  });

  it('Object.prototype-named fields: given values pass, blank values are missing, wrong types are reported once each', () => {
    const svc = {
      form: {
        fields: [
          { name: 'toString', type: 'string' as const },
          { name: 'constructor', type: 'string' as const, required: true, label: '施工单位' },
          { name: 'valueOf', type: 'number' as const, required: true },
          { name: 'hasOwnProperty', type: 'boolean' as const },
        ],
      },
      materials: [],
    };
    const check = (form: Record<string, unknown>) => checkApplication(svc, { form, materials: [] });
    // all given, all of the right type: nothing to report
    assert.deepEqual(check({ toString: 'x', constructor: '某建筑公司', valueOf: 3, hasOwnProperty: true }), []);
    // the optional ones may be absent
    assert.deepEqual(check({ constructor: '某建筑公司', valueOf: 0 }), []);
    // a blank required value is missing, like any other field (reported once, as "required")
    assert.deepEqual(check({ constructor: '  ', valueOf: null }), [
      { path: 'form.constructor', message: 'required: 施工单位' },
      { path: 'form.valueOf', message: 'required: valueOf' },
    ]);
    // present but of the wrong type: one issue per field, at its own path
    assert.deepEqual(paths(check({ toString: 1, constructor: 2, valueOf: 'three', hasOwnProperty: 'yes' })), [
      'form.constructor',
      'form.hasOwnProperty',
      'form.toString',
      'form.valueOf',
    ]);
  });

  it('a form whose own keys look like Object.prototype members does not satisfy other required fields', () => {
    // "__proto__" is a key like any other in the submitted JSON; it must not make licenceNo present
    const form = JSON.parse('{"shopName":"老王面馆","category":"retail","area":80,"__proto__":{"licenceNo":"X"}}') as Record<
      string,
      unknown
    >;
    assert.deepEqual(paths(check(form)), ['form.licenceNo']);
  });
});

describe('formSchema', () => {
  it('checks the fields that are present and passes the others through', () => {
    const parsed = formSchema(service).safeParse({ area: 10, remark: 'x' });
    assert.ok(parsed.success);
    assert.deepEqual(parsed.data, { area: 10, remark: 'x' });
    assert.equal(formSchema(service).safeParse({ area: 'ten' }).success, false);
  });
});
