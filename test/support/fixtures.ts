// Services and applications used across tests.
import type { ServiceInput } from '#core/schemas.ts';

export function buildingService(overrides: Partial<ServiceInput> = {}): ServiceInput {
  return {
    name: '建设工程规划许可 Building permit',
    legalBasis: '《城乡规划法》第四十条',
    materials: [{ id: 'site-plan', name: '总平面图 Site plan', required: true }],
    form: {
      fields: [
        { name: 'projectName', type: 'string', required: true },
        { name: 'floorArea', type: 'number', required: true, min: 1 },
      ],
    },
    departments: [
      { code: 'planning', name: '规划局 Planning', timeLimit: { duration: 'PT60S' } },
      { code: 'fire', name: '消防 Fire', when: { field: 'floorArea', gt: 200 }, timeLimit: { duration: 'PT60S' } },
      { code: 'environment', name: '生态环境局 Environment', timeLimit: { duration: 'PT60S' } },
    ],
    ...overrides,
  };
}

export function application(serviceCode: string, form: Record<string, unknown> = { projectName: '滨江大厦', floorArea: 350 }) {
  return {
    serviceCode,
    applicant: { name: '李四', idNumber: '110101199003074514', phone: '13800000000' },
    form,
    materials: [{ id: 'site-plan', name: '总平面图' }],
  };
}
