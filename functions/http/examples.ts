// Examples of the main operations, as the README's walk-through makes them: a service with
// two departments, an application to it, planning's decision and the case after fire stayed
// silent. test/unit/openapi.test.ts checks each against its schema.

const caseId = '01JQ7ZK2V9X8C4N6M3B5T1R0AZ';

export const serviceDefinitionExample = {
  name: '商铺装修许可 Shop fitting permit',
  materials: [{ id: 'floor-plan', name: '平面图', required: true }],
  form: { fields: [{ name: 'floorArea', type: 'number', required: true }] },
  departments: [
    { code: 'planning', name: '规划局', timeLimit: { workingDays: 5 } },
    { code: 'fire', name: '消防', when: { field: 'floorArea', gt: 200 }, timeLimit: { workingDays: 5 } },
  ],
};

export const serviceExample = { ...serviceDefinitionExample, code: 'shop-fitting', version: 3, updatedAt: '2026-03-02T01:00:00.000Z' };

export const applicationExample = {
  serviceCode: 'shop-fitting',
  applicant: { name: '张三', idNumber: '110101199003074514', email: 'zhang.san@example.org' },
  form: { floorArea: 350 },
  materials: [{ id: 'floor-plan', name: '平面图.pdf' }],
};

const redress = 'You may apply for administrative reconsideration within 60 days, or bring a lawsuit within 6 months.';
const tacitApproval = 'A department that does not decide within its time limit is deemed to approve.';

export const receiptExample = {
  caseId,
  status: 'IN_REVIEW',
  receipt: {
    serviceCode: 'shop-fitting',
    serviceName: '商铺装修许可 Shop fitting permit',
    acceptedAt: '2026-03-02T02:00:00.000Z',
    calendarVersion: 1,
    reviews: [
      { department: 'planning', departmentName: '规划局', dueBy: '2026-03-06T16:00:00.000Z' },
      { department: 'fire', departmentName: '消防', dueBy: '2026-03-06T16:00:00.000Z' },
    ],
    tacitApproval,
    redress,
  },
};

export const incompleteReceiptExample = {
  caseId,
  status: 'INCOMPLETE',
  receipt: {
    serviceCode: 'shop-fitting',
    serviceName: '商铺装修许可 Shop fitting permit',
    submittedAt: '2026-03-02T02:00:00.000Z',
    missing: [{ path: 'materials.floor-plan', message: 'required material 平面图 is missing' }],
  },
};

export const decisionExample = { decision: 'APPROVE', conditions: ['营业时间不超过22点'] };

export const reviewExample = {
  department: 'planning',
  departmentName: '规划局',
  status: 'APPROVED',
  dueBy: '2026-03-06T16:00:00.000Z',
  timeLimit: { workingDays: 5 },
  decidedAt: '2026-03-03T03:00:00.000Z',
  decidedBy: 'reviewer:pat',
  conditions: ['营业时间不超过22点'],
  calendarVersion: 1,
};

export const settledExample = {
  error: {
    code: 'REVIEW_ALREADY_SETTLED',
    message: 'the planning review is already settled as APPROVED',
    settledAs: 'APPROVED',
    settledAt: '2026-03-03T03:00:00.000Z',
  },
};

export const caseExample = {
  caseId,
  serviceCode: 'shop-fitting',
  serviceName: '商铺装修许可 Shop fitting permit',
  status: 'APPROVED',
  outcome: 'APPROVED',
  submittedAt: '2026-03-02T02:00:00.000Z',
  acceptedAt: '2026-03-02T02:00:00.000Z',
  decidedAt: '2026-03-06T16:00:00.000Z',
  applicant: applicationExample.applicant,
  form: applicationExample.form,
  materials: applicationExample.materials,
  calendarVersion: 1,
  redress,
  tacitApproval,
  reviews: [
    reviewExample,
    {
      department: 'fire',
      departmentName: '消防',
      status: 'DEEMED_APPROVED',
      dueBy: '2026-03-06T16:00:00.000Z',
      timeLimit: { workingDays: 5 },
      decidedAt: '2026-03-06T16:00:00.000Z',
      decidedBy: 'system:deadline',
      calendarVersion: 1,
      defaultedBy: 'fire',
      opinionBy: '2026-03-09T16:00:00.000Z',
    },
  ],
  timeline: [
    { seq: 1, at: '2026-03-02T02:00:00.000Z', type: 'SUBMITTED', actor: 'applicant:alice' },
    { seq: 2, at: '2026-03-02T02:00:00.000Z', type: 'ACCEPTED', actor: 'system', detail: { departments: ['planning', 'fire'] } },
    { seq: 1, at: '2026-03-03T03:00:00.000Z', type: 'REVIEW_APPROVED', actor: 'reviewer:pat', department: 'planning' },
    {
      seq: 1,
      at: '2026-03-06T16:00:00.000Z',
      type: 'REVIEW_DEEMED_APPROVED',
      actor: 'system:deadline',
      department: 'fire',
      detail: { defaultedBy: 'fire' },
    },
    {
      seq: 3,
      at: '2026-03-06T16:00:00.000Z',
      type: 'CASE_APPROVED',
      actor: 'system',
      detail: { conditions: { planning: ['营业时间不超过22点'] } },
    },
  ],
};
