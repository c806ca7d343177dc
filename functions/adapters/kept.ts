// What a function instance keeps between requests: a read, by key, for a while. A failed
// read is not kept; a write by this instance replaces what it kept at once.
export interface Kept<T> {
  get(key: string): Promise<T>;
  set(key: string, value: T): void;
  forget(key: string): void;
}

export function keptFor<T>(ms: number, read: (key: string) => Promise<T>): Kept<T> {
  const kept = new Map<string, { at: number; value: Promise<T> }>();
  return {
    get(key) {
      const hit = kept.get(key);
      if (hit && Date.now() - hit.at <= ms) return hit.value;
      const value = read(key);
      kept.set(key, { at: Date.now(), value });
      value.catch(() => kept.delete(key));
      return value;
    },
    set: (key, value) => void kept.set(key, { at: Date.now(), value: Promise.resolve(value) }),
    forget: (key) => void kept.delete(key),
  };
}
