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
  },
];
