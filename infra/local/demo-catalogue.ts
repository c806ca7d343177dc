// Services the local stack starts with, so a fresh `npm start` can be tried at once.
import type { Service } from '#core/schemas.ts';

export const demoCatalogue: Service[] = [
  {
    code: 'restaurant-licence',
    name: '餐饮服务许可 Restaurant licence',
    description: 'Opening a restaurant: food safety, fire safety (larger premises) and environmental review in one application.',
    legalBasis: '《中华人民共和国食品安全法》第三十五条',
    materials: [
      { id: 'business-licence', name: '营业执照 Business licence', required: true },
      { id: 'floor-plan', name: '平面图 Floor plan', required: true },
      { id: 'lease', name: '租赁合同 Lease', required: false },
    ],
    form: {
      fields: [
        { name: 'premisesName', label: '店名 Premises name', type: 'string', required: true, max: 100 },
        { name: 'address', label: '地址 Address', type: 'string', required: true, max: 300 },
        { name: 'floorArea', label: '面积 Floor area (m²)', type: 'number', required: true, min: 1 },
        { name: 'seats', label: 'Seats', type: 'integer', min: 0 },
      ],
    },
    departments: [
      { code: 'market', name: '市场监督管理局 Market regulation', timeLimit: { workingDays: 10 } },
      { code: 'fire', name: '消防救援支队 Fire rescue', when: { field: 'floorArea', gt: 200 }, timeLimit: { workingDays: 7 } },
      { code: 'environment', name: '生态环境局 Environment', timeLimit: { workingDays: 5 } },
    ],
    correctionLimit: { workingDays: 10 },
  },
  {
    code: 'street-event',
    name: '街头活动备案 Street event (demonstration limits)',
    description: 'A short-limit service to watch the clock: silent departments are deemed to approve after 30 seconds.',
    materials: [{ id: 'site-plan', name: 'Site plan', required: true }],
    form: {
      fields: [
        { name: 'eventName', type: 'string', required: true },
        { name: 'attendance', type: 'integer', required: true, min: 1 },
      ],
    },
    departments: [
      { code: 'planning', name: '规划局 Planning', timeLimit: { duration: 'PT30S' } },
      { code: 'fire', name: '消防救援支队 Fire rescue', when: { field: 'attendance', gte: 500 }, timeLimit: { duration: 'PT30S' } },
    ],
    correctionWindow: { duration: 'PT10S' },
    correctionLimit: { duration: 'PT2M' },
  },
];

/** The State Council's 2026 holiday arrangement (notice of 4 November 2025): days off and make-up working days. */
export const demoCalendar2026 = {
  holidays: [
    '2026-01-01',
    '2026-01-02',
    '2026-01-03',
    '2026-02-15',
    '2026-02-16',
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
    '2026-02-21',
    '2026-02-22',
    '2026-02-23',
    '2026-04-04',
    '2026-04-05',
    '2026-04-06',
    '2026-05-01',
    '2026-05-02',
    '2026-05-03',
    '2026-05-04',
    '2026-05-05',
    '2026-06-19',
    '2026-06-20',
    '2026-06-21',
    '2026-09-25',
    '2026-09-26',
    '2026-09-27',
    '2026-10-01',
    '2026-10-02',
    '2026-10-03',
    '2026-10-04',
    '2026-10-05',
    '2026-10-06',
    '2026-10-07',
  ],
  workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};
