// The Catalogue port held in memory, for the handlers' unit tests. It keeps what the
// DynamoDB adapter (./catalogue-store.ts) keeps: one entry per service, whose version goes up
// by one on every write, and writes under the same preconditions (it exists, or it is at one
// of the versions named, 0 naming a service written before versions were kept), refused with
// the same PRECONDITION_FAILED.
import type { Catalogue, ExpectedVersion } from '#app/ports.ts';
import { preconditionFailed } from '#core/errors.ts';
import type { Service } from '#core/schemas.ts';

const copy = <T>(value: T): T => structuredClone(value);

interface Stored {
  service: Omit<Service, 'version'>;
  /** Absent for a service written before versions were kept. */
  version?: number;
}

export class MemoryCatalogue implements Catalogue {
  readonly services = new Map<string, Stored>();

  /** Start with these services, each at its version (1 when it names none, unversioned when it names 0). */
  constructor(services: Service[] = []) {
    for (const { version, ...service } of services)
      this.services.set(service.code, { service: copy(service), version: version === 0 ? undefined : (version ?? 1) });
  }

  async getService(code: string): Promise<Service | undefined> {
    const stored = this.services.get(code);
    return stored && { ...copy(stored.service), version: stored.version ?? 0 };
  }

  async listServices(): Promise<Service[]> {
    // the table's sort key order: by code
    const codes = [...this.services.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return Promise.all(codes.map(async (code) => (await this.getService(code))!));
  }

  async putService(service: Omit<Service, 'version'>, expected?: ExpectedVersion): Promise<Service> {
    if (Array.isArray(expected) && expected.length === 0) throw preconditionFailed(`service ${service.code} is not at the version named`);
    const { version: _, ...body } = service as Service;
    const stored = this.services.get(service.code);
    if (expected === 'exists' && !stored) throw preconditionFailed(`service ${service.code} does not exist`);
    if (Array.isArray(expected) && !(stored && atOneOf(stored, expected)))
      throw preconditionFailed(`service ${service.code} has changed since the version named; read it again`);
    const version = (stored?.version ?? 0) + 1;
    this.services.set(service.code, { service: copy(body), version });
    return { ...copy(body), version };
  }
}

/** The table's condition: unversioned when 0 is named, or at one of the versions named above 0. */
function atOneOf(stored: Stored, expected: number[]): boolean {
  if (stored.version === undefined) return expected.includes(0);
  return expected.some((v) => v > 0 && v === stored.version);
}
