// Which departments must review an application: those without a `when` rule, and those
// whose rule holds on the submitted form.
import type { DepartmentRoute, Rule, Service } from './schemas.ts';

export function ruleHolds(rule: Rule, form: Record<string, unknown>): boolean {
  if ('all' in rule) return rule.all.every((r) => ruleHolds(r, form));
  if ('any' in rule) return rule.any.some((r) => ruleHolds(r, form));
  const value = form[rule.field];
  if (rule.eq !== undefined) return value === rule.eq;
  if (rule.ne !== undefined) return value !== rule.ne;
  if (rule.in !== undefined) return rule.in.includes(value);
  // Ordered comparisons hold only on numbers: a missing or non-numeric value never
  // routes a department in by accident.
  if (typeof value !== 'number' || Number.isNaN(value)) return false;
  if (rule.gt !== undefined) return value > rule.gt;
  if (rule.gte !== undefined) return value >= rule.gte;
  if (rule.lt !== undefined) return value < rule.lt;
  if (rule.lte !== undefined) return value <= rule.lte;
  return false;
}

export function routeDepartments(service: Pick<Service, 'departments'>, form: Record<string, unknown>): DepartmentRoute[] {
  return service.departments.filter((d) => !d.when || ruleHolds(d.when, form));
}
